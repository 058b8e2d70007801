package dev.reprise.gateway.querylog;

import java.time.Instant;
import java.util.Objects;

/**
 * A chat request that reached the cache lookup, as the query log keeps it. Nothing from the request's
 * headers is kept except the client's own label; never a key.
 *
 * @param model      the routed model alias, the one in the cache namespace
 * @param namespace  the cache namespace (a hash of tenant, alias, earlier messages and parameters)
 * @param q          the last user message as the client sent it (not normalised)
 * @param cache      {@code miss}, {@code hit-exact} or {@code hit-semantic}
 * @param entry      the entry that served a hit, or the entry a miss's answer was stored as; null when none
 * @param similarity the best semantic candidate's cosine similarity; null when the semantic tier did not run
 * @param intent     the client's {@code x-reprise-intent} label; null when it sent none
 */
public record QueryRecord(Instant time, String requestId, String model, String tenant, String namespace, String q,
                          String cache, String entry, Float similarity, String intent) implements LogRecord {

    public QueryRecord {
        Objects.requireNonNull(time, "time");
        Objects.requireNonNull(requestId, "requestId");
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(tenant, "tenant");
        Objects.requireNonNull(namespace, "namespace");
        Objects.requireNonNull(q, "q");
        Objects.requireNonNull(cache, "cache");
    }

    public boolean hit() {
        return !cache.equals("miss");
    }
}
