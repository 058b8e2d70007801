package dev.reprise.gateway.cache;

import dev.reprise.cache.CacheEntry;
import dev.reprise.cache.ScoredEntry;
import dev.reprise.cache.VectorIndex;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;

/** An index whose writes wait until the test lets them through; everything else goes straight to Lucene. */
record HeldWrites(VectorIndex index, CountDownLatch mayGo) implements VectorIndex {

    @Override
    public void put(CacheEntry entry) {
        try {
            mayGo.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        index.put(entry);
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
    public boolean delete(String id) {
        return index.delete(id);
    }

    @Override
    public int deleteWhere(String modelAlias, String tenant) {
        return index.deleteWhere(modelAlias, tenant);
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
    public void commit() {
        index.commit();
    }

    @Override
    public void close() {
        index.close();
    }
}
