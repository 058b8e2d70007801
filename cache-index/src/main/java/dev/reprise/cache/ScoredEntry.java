package dev.reprise.cache;

import java.util.Objects;

/**
 * A cache entry found by vector search, with its cosine similarity to the query in [-1, 1].
 *
 * @param entry      the stored entry
 * @param similarity cosine similarity (the dot product of the two unit vectors)
 */
public record ScoredEntry(CacheEntry entry, float similarity) {

    public ScoredEntry {
        Objects.requireNonNull(entry, "entry");
    }
}
