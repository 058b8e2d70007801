package dev.reprise.cache;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;

/**
 * Entries written since the searcher last refreshed, so lookups see them without refreshing. Refreshing on
 * every lookup after a write cost more than the rest of a miss: each refresh flushed a one-entry segment, and
 * a miss-heavy stream spent most of its time there. The searcher refreshes in the background instead, and an
 * entry leaves this list once a refresh has made it visible. There are only as many entries here as the
 * writes of one refresh interval, so a scan of all of them is cheap.
 */
final class RecentWrites {

    private record Recent(CacheEntry entry, long write) {
    }

    private final ConcurrentHashMap<String, Recent> byId = new ConcurrentHashMap<>();

    /**
     * {@code write} is the writer's sequence number for the put that stored {@code entry}. The put replaced any
     * entry with the same exact key, here as in the index.
     */
    void add(CacheEntry entry, long write) {
        byId.values().removeIf(r -> r.entry().exactKey().equals(entry.exactKey()));
        byId.put(entry.id(), new Recent(entry, write));
    }

    /** Called after a refresh that made every write up to {@code write} visible to searchers. */
    void visibleUpTo(long write) {
        if (!byId.isEmpty()) {
            byId.values().removeIf(r -> r.write() <= write);
        }
    }

    void forget(String id) {
        byId.remove(id);
    }

    void forgetIf(Predicate<CacheEntry> deleted) {
        byId.values().removeIf(r -> deleted.test(r.entry()));
    }

    /**
     * The entries here now, to be taken before a lookup acquires its searcher: an entry leaves this list only
     * after a refresh has shown it to the searchers, so a searcher acquired after the snapshot sees every write
     * the snapshot lacks. Read the other way round, a refresh in between could drop an entry the older searcher
     * cannot see, and a lookup would miss a put that finished before it began.
     */
    Snapshot snapshot() {
        if (byId.isEmpty()) {
            return Snapshot.EMPTY;
        }
        return new Snapshot(byId.values().stream().map(Recent::entry).toList());
    }

    /** An immutable view of the recent entries at one moment; see {@link #snapshot()}. */
    record Snapshot(List<CacheEntry> entries) {

        static final Snapshot EMPTY = new Snapshot(List.of());

        boolean isEmpty() {
            return entries.isEmpty();
        }

        /** Ids and exact keys here: a searcher's copy of either is older (replaced by the write here). */
        boolean supersedes(CacheEntry stored) {
            for (CacheEntry e : entries) {
                if (e.id().equals(stored.id()) || e.exactKey().equals(stored.exactKey())) {
                    return true;
                }
            }
            return false;
        }

        /** The unexpired entry with this exact key (there is at most one). */
        Optional<CacheEntry> exact(String exactKey, Instant now) {
            for (CacheEntry e : entries) {
                if (e.exactKey().equals(exactKey)) {
                    return e.isExpiredAt(now) ? Optional.empty() : Optional.of(e);
                }
            }
            return Optional.empty();
        }

        /** Unexpired entries of the namespace that have a vector, scored by cosine with {@code vector}, best first. */
        List<ScoredEntry> nearest(String namespace, float[] vector, Instant now) {
            List<ScoredEntry> out = new ArrayList<>();
            for (CacheEntry e : entries) {
                if (e.vector() != null && e.namespace().equals(namespace) && !e.isExpiredAt(now)) {
                    out.add(new ScoredEntry(e, UnitVectors.cosine(vector, e.vector())));
                }
            }
            out.sort(Comparator.comparingDouble(ScoredEntry::similarity).reversed());
            return out;
        }
    }
}
