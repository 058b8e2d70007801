package dev.reprise.gateway.overload;

/** How much of its own CPU work the gateway does for a cache miss. */
public enum PressureLevel {
    /** Everything: the semantic tier, the injection inspection, storing the answer. */
    NORMAL,
    /** No embedding or vector search on the request path: exact hits and provider calls only. */
    DEGRADED,
    /** Misses are refused with a fast 503; exact hits are still served. */
    SHEDDING
}
