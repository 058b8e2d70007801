package dev.reprise.testing.hostile;

/**
 * What the corpus needs to know of the gateway under test: a model alias that answers, a client key that works
 * (null in open mode), the admin key (null when the admin API is off), so that some hostile requests get past
 * authentication and reach the parsers behind it, and the body limit ({@code server.max-body-size}), which the huge
 * families straddle: most of their bodies fit under it, some pass it.
 */
public record HostileTarget(String model, String apiKey, String adminKey, long maxBodyBytes) {

    /** The gateway's default {@code server.max-body-size}. */
    public static final long DEFAULT_MAX_BODY = 4L << 20;
}
