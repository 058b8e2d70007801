package dev.reprise.cache;

import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Hits recorded since the last flush to the index. Recording a hit is a map update, so serving from the cache
 * never writes to Lucene; readers add the pending hits to what the index holds until a flush folds them in.
 */
final class HitLedger {

    /** Hits of one entry not yet in the index. */
    record Pending(long count, long lastHitMillis) {
        Pending plus(Pending other) {
            return new Pending(count + other.count, Math.max(lastHitMillis, other.lastHitMillis));
        }
    }

    private final ConcurrentHashMap<String, Pending> pending = new ConcurrentHashMap<>();

    void record(String id, Instant when) {
        pending.merge(id, new Pending(1, when.toEpochMilli()), Pending::plus);
    }

    Pending pending(String id) {
        return pending.get(id);
    }

    boolean isEmpty() {
        return pending.isEmpty();
    }

    int size() {
        return pending.size();
    }

    Map<String, Pending> snapshot() {
        return Map.copyOf(pending);
    }

    /** Removes hits that a flush wrote to the index, keeping any that arrived during the flush. */
    void subtract(Map<String, Pending> flushed) {
        flushed.forEach((id, done) -> pending.computeIfPresent(id, (key, now) -> now.count() <= done.count()
                ? null
                : new Pending(now.count() - done.count(), now.lastHitMillis())));
    }

    void forget(String id) {
        pending.remove(id);
    }
}
