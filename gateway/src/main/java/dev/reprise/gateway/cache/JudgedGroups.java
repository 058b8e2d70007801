package dev.reprise.gateway.cache;

import dev.reprise.cache.CacheEntry;

/**
 * What the cache's background judge has learnt about groups of entries that share one answer: whether a grey-band
 * candidate, below the serving rule, may be served on its group's judged evidence at this similarity.
 */
@FunctionalInterface
public interface JudgedGroups {

    boolean serves(CacheEntry candidate, float similarity);
}
