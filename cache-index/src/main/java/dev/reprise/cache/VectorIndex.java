package dev.reprise.cache;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Stores cache entries and finds them by exact key or by vector similarity inside a namespace.
 * Reads take {@code now} so TTLs are decided by the caller's clock; expired entries are never returned by them.
 */
public interface VectorIndex extends AutoCloseable {

    /** Stores the entry, replacing any entry with the same id; may evict the least recently used entries. */
    void put(CacheEntry entry);

    /** The newest unexpired entry with this exact key. */
    Optional<CacheEntry> getExact(String exactKey, Instant now);

    /**
     * Up to {@code k} unexpired entries of {@code namespace} nearest to {@code vector}, best first.
     * The namespace filters before the k-NN search, so other namespaces never crowd out its entries.
     */
    List<ScoredEntry> nearest(String namespace, float[] vector, int k, Instant now);

    /**
     * The best {@code keep} of the {@code k} nearest entries, found as {@link #nearest} finds them. An index may load
     * only those entries: the hit path decides on the best one alone, and loading all {@code k} answers for that was
     * most of a semantic lookup's own cost.
     */
    default List<ScoredEntry> nearest(String namespace, float[] vector, int k, int keep, Instant now) {
        List<ScoredEntry> all = nearest(namespace, vector, k, now);
        return all.subList(0, Math.min(keep, all.size()));
    }

    /** The entry with this id, expired or not (for admin tools). */
    Optional<CacheEntry> get(String id);

    /** Deletes the entry with this id; returns whether it existed. */
    boolean delete(String id);

    /** Deletes entries matching both filters (null matches anything; both null deletes all); returns how many. */
    int deleteWhere(String modelAlias, String tenant);

    /** Counts one serve of the entry at {@code when}; unknown ids are ignored. */
    void recordHit(String id, Instant when);

    /** Deletes every entry expired at {@code now}; returns how many. Also runs in the background. */
    int purgeExpired(Instant now);

    Stats stats();

    /**
     * Keeps {@code value} under {@code name} beside the entries (say, how far a feed of changes was applied): the
     * next commit makes it durable together with every write made before this call, so after a restart
     * {@link #marker} gives a value no newer than the entries the index reopened with. An index that keeps no
     * markers ignores it.
     */
    default void mark(String name, String value) {
    }

    /** The value last {@link #mark marked} under {@code name} (committed or not yet), or empty. */
    default Optional<String> marker(String name) {
        return Optional.empty();
    }

    /** Makes everything written so far durable. */
    void commit();

    /** Commits and releases the index. */
    @Override
    void close();

    /**
     * A snapshot of the index size and housekeeping counters.
     *
     * @param entries       live entries, expired-but-not-purged included
     * @param bytesOnDisk   size of the index files (in memory for an in-memory index)
     * @param evictions     entries evicted for {@code maxEntries}, over the index's lifetime
     * @param expiredPurged expired entries purged, over the index's lifetime
     */
    record Stats(long entries, long bytesOnDisk, long evictions, long expiredPurged) {
    }
}
