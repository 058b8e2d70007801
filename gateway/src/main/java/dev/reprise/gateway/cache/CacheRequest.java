package dev.reprise.gateway.cache;

import java.time.Duration;

/**
 * What the cache stages know of one cacheable request: its namespace, the normalised text that is
 * matched, the exact-tier key and the per-request choices from its headers.
 *
 * @param lookup    false for {@code Cache-Control: no-cache} (store, but do not answer from the cache)
 * @param threshold the effective similarity threshold (config, possibly raised by the request header)
 * @param ttl       the entry's time to live; null means until evicted
 */
public record CacheRequest(
        String tenant,
        String alias,
        CacheNamespace namespace,
        String normalisedText,
        String exactKey,
        boolean lookup,
        double threshold,
        Duration ttl) {
}
