package dev.reprise.gateway.limits;

/**
 * Requests and tokens per minute allowed to one scope (a key, a tenant, an alias); 0 means no limit of that kind.
 *
 * @param rpm requests per minute
 * @param tpm tokens per minute, prompt and answer together
 */
public record RateLimits(long rpm, long tpm) {

    /** No limit. */
    public static final RateLimits NONE = new RateLimits(0, 0);

    public RateLimits {
        if (rpm < 0) {
            throw new IllegalArgumentException("limits.rpm must be >= 0 (0: no limit), got " + rpm);
        }
        if (tpm < 0) {
            throw new IllegalArgumentException("limits.tpm must be >= 0 (0: no limit), got " + tpm);
        }
    }

    public boolean none() {
        return rpm == 0 && tpm == 0;
    }
}
