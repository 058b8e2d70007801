package dev.reprise.cache;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

import java.time.Instant;

/**
 * The entries exact lookups found lately, by exact key, each with the version of the searcher it was read from. A
 * lookup on a searcher of the same version gets the same entry back without Lucene's term lookup and stored-field
 * decompression, which were most of an exact hit's cost in the index. Any change a searcher can show (a put, a
 * delete, an eviction, a purge, a flush of hit counts) gives the next searcher a new version, so an entry is never
 * served from here once the index itself would answer differently.
 *
 * <p>Entries are held as the index stores them, without the hits pending in memory (the caller adds those, as a
 * read from the index does). Bounded by bytes (answer, texts, vector), the least valuable dropped first.
 */
final class HotExactEntries {

    private record Held(long version, CacheEntry entry) {
    }

    private final Cache<String, Held> held;

    /** Holds up to about {@code maxBytes} of entries; 0 holds none. */
    HotExactEntries(long maxBytes) {
        if (maxBytes < 0) {
            throw new IllegalArgumentException("maxBytes must be >= 0, got " + maxBytes);
        }
        this.held = maxBytes == 0 ? null : Caffeine.newBuilder()
                .maximumWeight(maxBytes)
                .weigher((String key, Held value) -> weight(value.entry()))
                .executor(Runnable::run) // upkeep on the caller, not on the common pool
                .build();
    }

    /** The entry held for {@code exactKey} if read from a searcher of {@code version}, and unexpired at {@code now}. */
    CacheEntry get(String exactKey, long version, Instant now) {
        if (held == null) {
            return null;
        }
        Held found = held.getIfPresent(exactKey);
        return found == null || found.version() != version || found.entry().isExpiredAt(now) ? null : found.entry();
    }

    /** Holds {@code entry}, read for {@code exactKey} from a searcher of {@code version}. */
    void put(String exactKey, long version, CacheEntry entry) {
        if (held != null) {
            held.put(exactKey, new Held(version, entry));
        }
    }

    /** How many entries are held; for tests. */
    long size() {
        if (held == null) {
            return 0;
        }
        held.cleanUp();
        return held.estimatedSize();
    }

    // What holding the entry costs the heap, roughly: its arrays and strings plus the objects around them.
    static int weight(CacheEntry e) {
        long chars = (long) e.id().length() + e.namespace().length() + e.tenant().length() + e.modelAlias().length()
                + e.matchedText().length() + e.exactKey().length();
        long bytes = 256 + e.payload().length + 2 * chars + (e.vector() == null ? 0 : 4L * e.vector().length);
        return (int) Math.min(Integer.MAX_VALUE, bytes);
    }
}
