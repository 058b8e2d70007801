package dev.reprise.gateway.cache;

/** The value of the {@code x-reprise-cache} response header. */
public enum CacheStatus {
    HIT_EXACT("hit-exact"), HIT_SEMANTIC("hit-semantic"), MISS("miss"), BYPASS("bypass");

    public static final String HEADER = "x-reprise-cache";
    public static final String SIMILARITY_HEADER = "x-reprise-cache-similarity";
    /** The verifier's probability that the stored answer serves the question, on a hit it decided. */
    public static final String VERIFIER_HEADER = "x-reprise-cache-verifier";
    /** On a semantic hit below the serving rule that the judge's labels allowed. */
    public static final String JUDGED_HEADER = "x-reprise-cache-judged";
    public static final String AGE_HEADER = "x-reprise-cache-age";
    /** Why a request bypassed the cache or was not stored, e.g. {@code no-store} or {@code temperature}. */
    public static final String REASON_HEADER = "x-reprise-cache-reason";
    public static final String ENTRY_HEADER = "x-reprise-cache-entry";

    private final String header;

    CacheStatus(String header) {
        this.header = header;
    }

    public String header() {
        return header;
    }
}
