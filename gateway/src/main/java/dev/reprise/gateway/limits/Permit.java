package dev.reprise.gateway.limits;

/**
 * What a granted request took from its limits, to be put right once the request settled: the estimate becomes the
 * real usage, and a request that should not count (a cache hit, when so configured) gives its request back.
 */
public interface Permit {

    /**
     * Corrects every limit the request was admitted by to what it really counts: {@code requests} (0 or 1) and
     * {@code tokens}. Takes or gives back the difference from what was taken at admission, ignoring the limits (a
     * request that used more than its estimate leaves its buckets in debt). Only the first call has an effect.
     */
    void settle(long requests, long tokens);
}
