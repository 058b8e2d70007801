package dev.reprise.cache;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A {@link VectorIndex} that reports the stores and deletes made through it to an {@link IndexChanges} listener.
 * The index's own housekeeping (eviction of the least recently used, purges of the expired) is not reported: each
 * index decides those by itself. {@link #quiet()} writes without reporting, for changes that came from elsewhere
 * and must not be reported back.
 */
public final class ObservedIndex implements VectorIndex {

    private final VectorIndex index;
    private volatile IndexChanges listener = IndexChanges.NONE;

    public ObservedIndex(VectorIndex index) {
        this.index = Objects.requireNonNull(index, "index");
    }

    /** From now on, changes are reported to {@code changes} (replacing the listener before it). */
    public void observe(IndexChanges changes) {
        this.listener = Objects.requireNonNull(changes, "changes");
    }

    /** The index itself: what is written there is not reported. */
    public VectorIndex quiet() {
        return index;
    }

    @Override
    public void put(CacheEntry entry) {
        index.put(entry);
        listener.stored(entry);
    }

    @Override
    public boolean delete(String id) {
        boolean existed = index.delete(id);
        // Reported either way: another index may hold the entry this one never had or already lost.
        listener.deleted(id);
        return existed;
    }

    @Override
    public int deleteWhere(String modelAlias, String tenant) {
        int deleted = index.deleteWhere(modelAlias, tenant);
        listener.deletedWhere(modelAlias, tenant);
        return deleted;
    }

    @Override
    public Optional<CacheEntry> getExact(String exactKey, Instant now) {
        return index.getExact(exactKey, now);
    }

    @Override
    public List<ScoredEntry> nearest(String namespace, float[] vector, int k, Instant now) {
        return index.nearest(namespace, vector, k, now);
    }

    @Override
    public List<ScoredEntry> nearest(String namespace, float[] vector, int k, int keep, Instant now) {
        return index.nearest(namespace, vector, k, keep, now);
    }

    @Override
    public Optional<CacheEntry> get(String id) {
        return index.get(id);
    }

    @Override
    public void recordHit(String id, Instant when) {
        index.recordHit(id, when);
    }

    @Override
    public int purgeExpired(Instant now) {
        return index.purgeExpired(now);
    }

    @Override
    public Stats stats() {
        return index.stats();
    }

    @Override
    public void mark(String name, String value) {
        index.mark(name, value);
    }

    @Override
    public Optional<String> marker(String name) {
        return index.marker(name);
    }

    @Override
    public void commit() {
        index.commit();
    }

    @Override
    public void close() {
        index.close();
    }
}
