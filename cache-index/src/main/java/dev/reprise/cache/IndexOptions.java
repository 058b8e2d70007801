package dev.reprise.cache;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;

/**
 * Settings of a {@link LuceneVectorIndex}, validated on construction.
 *
 * @param directory      where the index lives, or null for an in-memory index
 * @param maxEntries     the most entries kept; the least recently used are evicted beyond it
 * @param commitInterval how often pending writes and hit counts are committed
 * @param purgeInterval  how often expired entries are deleted in the background
 * @param clock          the time TTLs are judged by in background purges
 * @param hotExactBytes  how many bytes of entries exact lookups keep at hand (0: none); see {@link HotExactEntries}
 */
public record IndexOptions(Path directory, int maxEntries, Duration commitInterval, Duration purgeInterval, Clock clock,
                           int exactSearchLimit, long hotExactBytes) {

    public static final int DEFAULT_MAX_ENTRIES = 100_000;
    /** Beyond this a single Lucene index of 384-d vectors no longer fits the heap budgets we plan for. */
    public static final int MAX_MAX_ENTRIES = 50_000_000;
    public static final Duration DEFAULT_COMMIT_INTERVAL = Duration.ofSeconds(5);
    public static final Duration DEFAULT_PURGE_INTERVAL = Duration.ofSeconds(60);
    /** Commits fsync; more often than this wears the disk for no durability a cache needs. */
    public static final Duration MIN_COMMIT_INTERVAL = Duration.ofMillis(100);
    public static final Duration MIN_PURGE_INTERVAL = Duration.ofMillis(100);
    /**
     * Namespaces up to this many entries are searched exactly, larger ones through the HNSW graph: HNSW
     * misses a lone entry among many near-identical ones, and below this size an exact scan is as fast.
     */
    public static final int DEFAULT_EXACT_SEARCH_LIMIT = 10_000;
    /**
     * The entries exact lookups keep at hand: 8 MiB is about 2,000 entries of a 384-d vector and a 2 KB answer, the
     * head of a support bot's questions, and 4% of the gateway's default 192 MiB heap.
     */
    public static final long DEFAULT_HOT_EXACT_BYTES = 8L << 20;

    public IndexOptions {
        if (maxEntries < 1 || maxEntries > MAX_MAX_ENTRIES) {
            throw new IllegalArgumentException(
                    "maxEntries must be between 1 and " + MAX_MAX_ENTRIES + ", got " + maxEntries);
        }
        requireAtLeast(commitInterval, MIN_COMMIT_INTERVAL, "commitInterval");
        requireAtLeast(purgeInterval, MIN_PURGE_INTERVAL, "purgeInterval");
        Objects.requireNonNull(clock, "clock must not be null");
        if (exactSearchLimit < 0) {
            throw new IllegalArgumentException("exactSearchLimit must be >= 0, got " + exactSearchLimit);
        }
        if (hotExactBytes < 0) {
            throw new IllegalArgumentException("hotExactBytes must be >= 0, got " + hotExactBytes);
        }
    }

    /** The options as before the exact-search limit existed: that limit and the hot exact entries at their defaults. */
    public IndexOptions(Path directory, int maxEntries, Duration commitInterval, Duration purgeInterval, Clock clock) {
        this(directory, maxEntries, commitInterval, purgeInterval, clock, DEFAULT_EXACT_SEARCH_LIMIT,
                DEFAULT_HOT_EXACT_BYTES);
    }

    /** Defaults for an index at {@code directory} (null for in-memory) using the system clock. */
    public static IndexOptions defaults(Path directory) {
        return builder().directory(directory).build();
    }

    public static Builder builder() {
        return new Builder();
    }

    private static void requireAtLeast(Duration value, Duration min, String name) {
        if (value == null || value.compareTo(min) < 0) {
            throw new IllegalArgumentException(name + " must be at least " + min + ", got " + value);
        }
    }

    /** Collects {@link IndexOptions}, starting from the defaults. */
    public static final class Builder {
        private Path directory;
        private int maxEntries = DEFAULT_MAX_ENTRIES;
        private int exactSearchLimit = DEFAULT_EXACT_SEARCH_LIMIT;
        private Duration commitInterval = DEFAULT_COMMIT_INTERVAL;
        private Duration purgeInterval = DEFAULT_PURGE_INTERVAL;
        private Clock clock = Clock.systemUTC();
        private long hotExactBytes = DEFAULT_HOT_EXACT_BYTES;

        private Builder() {
        }

        public Builder directory(Path directory) { this.directory = directory; return this; }
        public Builder maxEntries(int maxEntries) { this.maxEntries = maxEntries; return this; }
        public Builder commitInterval(Duration commitInterval) { this.commitInterval = commitInterval; return this; }
        public Builder purgeInterval(Duration purgeInterval) { this.purgeInterval = purgeInterval; return this; }
        public Builder clock(Clock clock) { this.clock = clock; return this; }
        public Builder exactSearchLimit(int limit) { this.exactSearchLimit = limit; return this; }
        public Builder hotExactBytes(long bytes) { this.hotExactBytes = bytes; return this; }

        public IndexOptions build() {
            return new IndexOptions(directory, maxEntries, commitInterval, purgeInterval, clock, exactSearchLimit,
                    hotExactBytes);
        }
    }
}
