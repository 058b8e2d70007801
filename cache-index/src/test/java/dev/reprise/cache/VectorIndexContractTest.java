package dev.reprise.cache;

import static dev.reprise.cache.TestEntries.entry;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.reprise.testing.TestClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The behaviour every {@link VectorIndex} must have; each storage variant runs it through a subclass. */
abstract class VectorIndexContractTest {

    private static final Instant START = Instant.parse("2026-01-01T00:00:00Z");

    protected final TestClock clock = new TestClock(START);
    protected final TestVectors vectors = new TestVectors(42);
    private final List<VectorIndex> opened = new ArrayList<>();

    /** Opens an index over this test's storage; a second call (after close) must see the same storage. */
    protected abstract VectorIndex open(IndexOptions.Builder options);

    @AfterEach
    void closeIndexes() {
        opened.forEach(VectorIndex::close);
    }

    private VectorIndex openTracked(IndexOptions.Builder options) {
        VectorIndex index = open(options.clock(clock));
        opened.add(index);
        return index;
    }

    private VectorIndex openDefault() {
        return openTracked(IndexOptions.builder());
    }

    private CacheEntry stored(VectorIndex index, String namespace, String text, float[] vector) {
        CacheEntry e = entry(namespace, text, vector, clock.instant()).build();
        index.put(e);
        return e;
    }

    @Test
    void should_return_the_stored_entry_by_exact_key() {
        VectorIndex index = openDefault();
        CacheEntry e = entry("ns-a", "what is the refund policy", vectors.random(), clock.instant())
                .expiresAt(clock.instant().plus(Duration.ofHours(1)))
                .build();
        index.put(e);

        assertEquals(Optional.of(e), index.getExact(e.exactKey(), clock.instant()));
        assertEquals(Optional.empty(), index.getExact("ns-a:something else", clock.instant()));
    }

    @Test
    void should_return_the_newest_entry_when_an_exact_key_is_stored_twice() {
        VectorIndex index = openDefault();
        CacheEntry older = stored(index, "ns-a", "hello", vectors.random());
        clock.advance(Duration.ofSeconds(1));
        CacheEntry newer = stored(index, "ns-a", "hello", vectors.random());

        assertEquals(newer.id(), index.getExact(older.exactKey(), clock.instant()).orElseThrow().id());
        // The older answer is gone, not just shadowed: the semantic tier must not find it either.
        assertTrue(index.get(older.id()).isEmpty(), "the older entry for the same exact key must be replaced");
        assertEquals(List.of(newer.id()), index.nearest("ns-a", older.vector(), 10, clock.instant()).stream()
                .map(s -> s.entry().id()).toList());
    }

    @Test
    void should_find_each_put_at_once_without_refreshing_the_searcher_per_lookup() {
        VectorIndex index = openDefault();
        int puts = 100;
        for (int i = 0; i < puts; i++) {
            CacheEntry e = stored(index, "ns-a", "question " + i, vectors.random());

            assertEquals(Optional.of(e), index.getExact(e.exactKey(), clock.instant()));
            ScoredEntry best = index.nearest("ns-a", e.vector(), 10, clock.instant()).getFirst();
            assertEquals(e.id(), best.entry().id());
            assertEquals(1.0, best.similarity(), 1e-5);
        }
        // Each refresh flushes a segment; one per lookup made a miss-heavy stream spend most of its time there.
        // The background refresh (every 50 ms) may run a few times during the loop, not once per put.
        long refreshes = ((LuceneVectorIndex) index).refreshes();
        assertTrue(refreshes < puts / 2, "refreshed " + refreshes + " times for " + puts + " puts");
    }

    @Test
    void should_find_each_put_at_once_while_another_thread_refreshes_the_searcher() throws Exception {
        VectorIndex index = openDefault();
        // Strict reads refresh the searcher whenever writes are unrefreshed: from another thread, they land
        // between a lookup's searcher and its look at the recent writes, as the background refresh can.
        var refresher = Executors.newSingleThreadExecutor();
        var stop = new java.util.concurrent.atomic.AtomicBoolean();
        Future<?> refreshing = refresher.submit(() -> {
            while (!stop.get()) {
                index.get("no-such-id");
            }
        });
        try {
            for (int i = 0; i < 1_000; i++) {
                CacheEntry e = stored(index, "ns-a", "question " + i, vectors.random());

                List<ScoredEntry> found = index.nearest("ns-a", e.vector(), 10, clock.instant());
                assertFalse(found.isEmpty(), "put " + i + " not found by the semantic tier");
                assertEquals(e.id(), found.getFirst().entry().id(), "put " + i);
                assertEquals(Optional.of(e), index.getExact(e.exactKey(), clock.instant()), "put " + i);
            }
        } finally {
            stop.set(true);
            refreshing.get(10, TimeUnit.SECONDS);
            refresher.shutdown();
        }
    }

    @Test
    void should_not_find_a_deleted_entry_even_before_the_next_background_refresh() {
        VectorIndex index = openDefault();
        CacheEntry recent = stored(index, "ns-a", "just stored", vectors.random());
        CacheEntry visible = stored(index, "ns-a", "stored earlier", vectors.random());
        index.get(visible.id()).orElseThrow(); // a strict read: the searcher now shows both

        assertTrue(index.delete(recent.id()));
        assertTrue(index.delete(visible.id()));

        for (CacheEntry gone : List.of(recent, visible)) {
            assertEquals(Optional.empty(), index.getExact(gone.exactKey(), clock.instant()));
            assertTrue(index.nearest("ns-a", gone.vector(), 10, clock.instant()).stream()
                    .noneMatch(s -> s.entry().id().equals(gone.id())), gone.matchedText() + " was deleted");
        }
    }

    @Test
    void should_replace_an_entry_put_again_with_the_same_id() {
        VectorIndex index = openDefault();
        CacheEntry first = stored(index, "ns-a", "hello", vectors.random());
        CacheEntry second = first.toBuilder().payload(new byte[] {1, 2, 3}).build();
        index.put(second);

        assertEquals(Optional.of(second), index.get(first.id()));
        assertEquals(1, index.stats().entries());
    }

    @Test
    void should_rank_nearest_entries_by_cosine_similarity() {
        VectorIndex index = openDefault();
        float[] query = vectors.random();
        CacheEntry close = stored(index, "ns-a", "close", vectors.atCosine(query, 0.95));
        CacheEntry middle = stored(index, "ns-a", "middle", vectors.atCosine(query, 0.6));
        CacheEntry far = stored(index, "ns-a", "far", vectors.atCosine(query, -0.3));

        List<ScoredEntry> found = index.nearest("ns-a", query, 3, clock.instant());

        assertEquals(List.of(close, middle, far), found.stream().map(ScoredEntry::entry).toList());
        assertEquals(0.95, found.get(0).similarity(), 1e-3);
        assertEquals(0.6, found.get(1).similarity(), 1e-3);
        assertEquals(-0.3, found.get(2).similarity(), 1e-3);
    }

    @Test
    void should_return_at_most_k_entries() {
        VectorIndex index = openDefault();
        for (int i = 0; i < 15; i++) {
            stored(index, "ns-a", "q" + i, vectors.random());
        }

        assertEquals(3, index.nearest("ns-a", vectors.random(), 3, clock.instant()).size());
        assertEquals(12, index.nearest("ns-a", vectors.random(), 12, clock.instant()).size());
    }

    @Test
    void should_never_return_another_namespace_even_when_it_is_closest() {
        VectorIndex index = openDefault();
        float[] query = vectors.random();
        stored(index, "ns-b", "identical", query.clone());
        CacheEntry mine = stored(index, "ns-a", "distant", vectors.atCosine(query, 0.1));

        List<ScoredEntry> found = index.nearest("ns-a", query, 10, clock.instant());

        assertEquals(List.of(mine.id()), found.stream().map(s -> s.entry().id()).toList());
        assertEquals(List.of(), index.nearest("ns-c", query, 10, clock.instant()));
    }

    @Test
    void should_find_a_small_namespace_among_thousands_of_closer_entries() {
        // With top-k then filter, B's entries would fill every slot and A's would never be seen.
        VectorIndex index = openDefault();
        float[] query = vectors.random();
        Set<String> small = new HashSet<>();
        for (int i = 0; i < 3; i++) {
            small.add(stored(index, "ns-a", "a" + i, vectors.atCosine(query, 0.2)).id());
        }
        List<String> mid = new ArrayList<>();
        float[] target = vectors.atCosine(query, 0.5);
        mid.add(stored(index, "ns-m", "target", target).id());
        for (int i = 0; i < 40; i++) {
            mid.add(stored(index, "ns-m", "m" + i, vectors.atCosine(query, 0.1)).id());
        }
        for (int i = 0; i < 2000; i++) {
            stored(index, "ns-b", "b" + i, vectors.atCosine(query, 0.9));
        }

        Set<String> foundSmall = index.nearest("ns-a", query, 10, clock.instant()).stream()
                .map(s -> s.entry().id()).collect(Collectors.toSet());
        List<ScoredEntry> foundMid = index.nearest("ns-m", query, 10, clock.instant());

        assertEquals(small, foundSmall);
        assertEquals(10, foundMid.size());
        assertTrue(foundMid.stream().allMatch(s -> s.entry().namespace().equals("ns-m")), "only ns-m entries");
        assertEquals(mid.getFirst(), foundMid.getFirst().entry().id(), "the nearest ns-m entry comes first");
    }

    @Test
    void should_hide_expired_entries_from_reads_but_not_from_get() {
        VectorIndex index = openDefault();
        float[] vector = vectors.random();
        CacheEntry e = entry("ns-a", "short lived", vector, clock.instant())
                .expiresAt(clock.instant().plus(Duration.ofSeconds(10))).build();
        index.put(e);

        clock.advance(Duration.ofMillis(9_999));
        assertTrue(index.getExact(e.exactKey(), clock.instant()).isPresent());
        assertEquals(1, index.nearest("ns-a", vector, 10, clock.instant()).size());

        clock.advance(Duration.ofMillis(1));
        assertEquals(Optional.empty(), index.getExact(e.exactKey(), clock.instant()));
        assertEquals(List.of(), index.nearest("ns-a", vector, 10, clock.instant()));
        assertEquals(Optional.of(e), index.get(e.id()), "get is for admin tools and ignores TTL");
    }

    @Test
    void should_fill_k_with_live_entries_when_expired_ones_are_nearer() {
        VectorIndex index = openDefault();
        float[] query = vectors.random();
        for (int i = 0; i < 12; i++) {
            index.put(entry("ns-a", "expired" + i, vectors.atCosine(query, 0.99), clock.instant())
                    .expiresAt(clock.instant().plusSeconds(1)).build());
        }
        CacheEntry live1 = stored(index, "ns-a", "live1", vectors.atCosine(query, 0.5));
        CacheEntry live2 = stored(index, "ns-a", "live2", vectors.atCosine(query, 0.4));
        clock.advance(Duration.ofSeconds(2));

        List<ScoredEntry> found = index.nearest("ns-a", query, 2, clock.instant());

        assertEquals(List.of(live1.id(), live2.id()), found.stream().map(s -> s.entry().id()).toList());
    }

    @Test
    void should_purge_expired_entries_and_count_them() {
        VectorIndex index = openDefault();
        CacheEntry keep = stored(index, "ns-a", "forever", vectors.random());
        for (int i = 0; i < 3; i++) {
            index.put(entry("ns-a", "short" + i, vectors.random(), clock.instant())
                    .expiresAt(clock.instant().plusSeconds(5)).build());
        }
        CacheEntry longer = entry("ns-a", "longer", vectors.random(), clock.instant())
                .expiresAt(clock.instant().plusSeconds(60)).build();
        index.put(longer);

        assertEquals(0, index.purgeExpired(clock.instant()));
        clock.advance(Duration.ofSeconds(5));
        assertEquals(3, index.purgeExpired(clock.instant()));

        assertEquals(2, index.stats().entries());
        assertEquals(3, index.stats().expiredPurged());
        assertEquals(Optional.of(keep), index.get(keep.id()));
        assertEquals(Optional.of(longer), index.get(longer.id()));
    }

    @Test
    void should_evict_the_least_recently_used_entries_beyond_max_entries() {
        VectorIndex index = openTracked(IndexOptions.builder().maxEntries(3));
        CacheEntry first = stored(index, "ns-a", "first", vectors.random());
        clock.advance(Duration.ofSeconds(1));
        CacheEntry second = stored(index, "ns-a", "second", vectors.random());
        clock.advance(Duration.ofSeconds(1));
        CacheEntry third = stored(index, "ns-a", "third", vectors.random());
        clock.advance(Duration.ofSeconds(1));
        index.recordHit(first.id(), clock.instant());
        clock.advance(Duration.ofSeconds(1));

        CacheEntry fourth = stored(index, "ns-a", "fourth", vectors.random());
        assertEquals(Optional.empty(), index.get(second.id()), "second was used longest ago");
        assertEquals(1, index.stats().evictions());

        clock.advance(Duration.ofSeconds(1));
        index.commit(); // moves first's hit from memory into doc values; the order must not change
        CacheEntry fifth = stored(index, "ns-a", "fifth", vectors.random());
        assertEquals(Optional.empty(), index.get(third.id()), "then third, as first was hit after it was created");
        assertEquals(2, index.stats().evictions());
        assertEquals(3, index.stats().entries());

        // The survivors are intact, vectors included.
        assertEquals(1, index.get(first.id()).orElseThrow().hitCount());
        assertEquals(Optional.of(fourth), index.get(fourth.id()));
        assertEquals(Optional.of(fifth), index.get(fifth.id()));
        assertEquals(fifth.id(), index.nearest("ns-a", fifth.vector(), 1, clock.instant()).getFirst().entry().id());
    }

    @Test
    void should_delete_by_id_and_tell_whether_it_existed() {
        VectorIndex index = openDefault();
        CacheEntry gone = stored(index, "ns-a", "gone", vectors.random());
        CacheEntry kept = stored(index, "ns-a", "kept", vectors.random());

        assertTrue(index.delete(gone.id()));
        assertFalse(index.delete(gone.id()));
        assertEquals(Optional.empty(), index.get(gone.id()));
        assertEquals(Optional.empty(), index.getExact(gone.exactKey(), clock.instant()));
        assertEquals(Optional.of(kept), index.get(kept.id()));
    }

    @Test
    void should_delete_where_model_alias_and_tenant_match() {
        VectorIndex index = openDefault();
        CacheEntry miniA = index(index, "gpt-mini", "tenant-a");
        CacheEntry miniB = index(index, "gpt-mini", "tenant-b");
        CacheEntry bigA = index(index, "gpt-big", "tenant-a");
        CacheEntry bigB = index(index, "gpt-big", "tenant-b");
        CacheEntry bigC = index(index, "gpt-big", "tenant-c");

        assertEquals(1, index.deleteWhere("gpt-mini", "tenant-a"));
        assertEquals(Optional.empty(), index.get(miniA.id()));
        assertEquals(1, index.deleteWhere("gpt-mini", null));
        assertEquals(Optional.empty(), index.get(miniB.id()));
        assertEquals(1, index.deleteWhere(null, "tenant-b"));
        assertEquals(Optional.empty(), index.get(bigB.id()));
        assertEquals(0, index.deleteWhere("gpt-none", null));
        assertEquals(Optional.of(bigA), index.get(bigA.id()));
        assertEquals(Optional.of(bigC), index.get(bigC.id()));

        assertEquals(2, index.deleteWhere(null, null));
        assertEquals(0, index.stats().entries());
    }

    private CacheEntry index(VectorIndex index, String modelAlias, String tenant) {
        CacheEntry e = entry("ns-a", modelAlias + tenant, vectors.random(), clock.instant())
                .modelAlias(modelAlias).tenant(tenant).build();
        index.put(e);
        return e;
    }

    @Test
    void should_count_hits_at_once_and_keep_them_across_a_reopen() {
        VectorIndex index = open(IndexOptions.builder().clock(clock));
        CacheEntry e = stored(index, "ns-a", "popular", vectors.random());
        index.recordHit(e.id(), clock.instant());
        index.recordHit(e.id(), clock.instant());
        index.commit();
        clock.advance(Duration.ofMinutes(1));
        index.recordHit(e.id(), clock.instant());

        assertEquals(3, index.get(e.id()).orElseThrow().hitCount());
        assertEquals(3, index.getExact(e.exactKey(), clock.instant()).orElseThrow().hitCount());
        index.close();

        VectorIndex reopened = openDefault();
        CacheEntry after = reopened.get(e.id()).orElseThrow();
        assertEquals(3, after.hitCount());
        assertEquals(clock.instant(), after.lastHitAt());
        assertEquals(e.toBuilder().hitCount(3).lastHitAt(clock.instant()).build(), after);
    }

    @Test
    void should_count_every_concurrent_hit_exactly_once() throws Exception {
        VectorIndex index = open(IndexOptions.builder().clock(clock));
        List<CacheEntry> entries = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            entries.add(stored(index, "ns-a", "hot " + i, vectors.random()));
        }
        int threads = 4;
        int hitsPerThread = 250;
        try (var pool = Executors.newFixedThreadPool(threads + 1)) {
            List<Future<?>> work = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                work.add(pool.submit(() -> {
                    for (int i = 0; i < hitsPerThread; i++) {
                        CacheEntry e = entries.get(i % entries.size());
                        index.recordHit(e.id(), clock.instant());
                        index.get(e.id()).orElseThrow();
                    }
                }));
            }
            work.add(pool.submit(() -> {
                for (int i = 0; i < 20; i++) {
                    index.commit();
                }
            }));
            for (Future<?> f : work) {
                f.get(60, TimeUnit.SECONDS);
            }
        }

        assertEquals(threads * hitsPerThread, totalHits(index, entries));
        index.close();
        assertEquals(threads * hitsPerThread, totalHits(openDefault(), entries));
    }

    private static long totalHits(VectorIndex index, List<CacheEntry> entries) {
        return entries.stream().mapToLong(e -> index.get(e.id()).orElseThrow().hitCount()).sum();
    }

    @Test
    void should_purge_expired_entries_in_the_background() throws InterruptedException {
        VectorIndex index = openTracked(IndexOptions.builder().purgeInterval(Duration.ofMillis(100)));
        index.put(entry("ns-a", "short", vectors.random(), clock.instant())
                .expiresAt(clock.instant().plusSeconds(1)).build());
        clock.advance(Duration.ofSeconds(1));

        // A liveness check, not a timing one: the deadline is far beyond the 100 ms interval.
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (index.stats().expiredPurged() == 0 && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertEquals(1, index.stats().expiredPurged());
        assertEquals(0, index.stats().entries());
    }

    @Test
    void should_report_stats_and_keep_the_counters_across_a_reopen() {
        VectorIndex index = open(IndexOptions.builder().clock(clock).maxEntries(2));
        assertEquals(new VectorIndex.Stats(0, index.stats().bytesOnDisk(), 0, 0), index.stats());
        stored(index, "ns-a", "one", vectors.random());
        clock.advance(Duration.ofMillis(1));
        index.put(entry("ns-a", "two", vectors.random(), clock.instant()).expiresAt(clock.instant().plusSeconds(1)).build());
        clock.advance(Duration.ofSeconds(1));
        stored(index, "ns-a", "three", vectors.random());
        index.purgeExpired(clock.instant());
        stored(index, "ns-a", "four", vectors.random());
        index.commit();

        VectorIndex.Stats stats = index.stats();
        assertEquals(2, stats.entries());
        assertEquals(1, stats.evictions());
        assertEquals(1, stats.expiredPurged());
        assertTrue(stats.bytesOnDisk() > 0, "bytesOnDisk " + stats.bytesOnDisk());
        index.close();

        VectorIndex.Stats reopened = openDefault().stats();
        assertEquals(2, reopened.entries());
        assertEquals(1, reopened.evictions());
        assertEquals(1, reopened.expiredPurged());
    }

    @Test
    void should_make_a_put_visible_within_100_ms() throws InterruptedException {
        VectorIndex index = openDefault();
        float[] vector = vectors.random();
        CacheEntry e = stored(index, "ns-a", "fresh", vector);

        long deadline = System.nanoTime() + Duration.ofMillis(100).toNanos();
        boolean seen = false;
        while (!seen && System.nanoTime() < deadline) {
            seen = index.getExact(e.exactKey(), clock.instant()).isPresent()
                    && !index.nearest("ns-a", vector, 1, clock.instant()).isEmpty();
            if (!seen) {
                Thread.sleep(5);
            }
        }
        assertTrue(seen, "entry visible to both tiers within 100 ms of put");
    }

    @Test
    void should_keep_entries_after_close_and_reopen() {
        VectorIndex index = open(IndexOptions.builder().clock(clock));
        List<CacheEntry> entries = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            entries.add(stored(index, "ns-" + (i % 2), "text " + i, vectors.random()));
        }
        CacheEntry exactOnly = stored(index, "ns-0", "no vector", null);
        index.close();

        VectorIndex reopened = openDefault();
        for (CacheEntry e : entries) {
            assertEquals(Optional.of(e), reopened.get(e.id()));
            assertEquals(e.id(), reopened.nearest(e.namespace(), e.vector(), 1, clock.instant()).getFirst().entry().id());
        }
        assertEquals(Optional.of(exactOnly), reopened.getExact(exactOnly.exactKey(), clock.instant()));
        assertEquals(21, reopened.stats().entries());
    }

    @Test
    void should_serve_exact_only_entries_from_the_exact_tier_alone() {
        VectorIndex index = openDefault();
        CacheEntry e = stored(index, "ns-a", "no vector", null);

        CacheEntry found = index.getExact(e.exactKey(), clock.instant()).orElseThrow();
        assertNull(found.vector());
        assertEquals(List.of(), index.nearest("ns-a", vectors.random(), 10, clock.instant()));
    }

    @Test
    void should_reject_vectors_that_are_not_unit_length() {
        VectorIndex index = openDefault();
        float[] raw = vectors.random();
        raw[0] += 1f;

        var onQuery = assertThrows(IllegalArgumentException.class, () -> index.nearest("ns-a", raw, 10, clock.instant()));
        assertTrue(onQuery.getMessage().contains("L2-normalised"), onQuery.getMessage());
        assertThrows(IllegalArgumentException.class, () -> entry("ns-a", "x", raw, clock.instant()).build());
        assertThrows(IllegalArgumentException.class, () -> index.nearest("ns-a", vectors.random(), 0, clock.instant()));
    }

    @Test
    void should_reject_a_vector_of_another_dimension_and_keep_the_index_intact() {
        VectorIndex index = openDefault();
        CacheEntry e = stored(index, "ns-a", "hello", vectors.random());
        float[] small = new TestVectors(1).random();
        float[] other = new float[128];
        System.arraycopy(small, 0, other, 0, 128);
        double norm = Math.sqrt(TestVectors.dot(other, other));
        for (int i = 0; i < other.length; i++) {
            other[i] = (float) (other[i] / norm);
        }

        var onPut = assertThrows(IllegalArgumentException.class,
                () -> index.put(e.toBuilder().vector(other).build()));
        assertEquals("vector must have 384 dimensions like the index, got 128", onPut.getMessage());
        assertThrows(IllegalArgumentException.class, () -> index.nearest("ns-a", other, 10, clock.instant()));
        assertEquals(Optional.of(e), index.get(e.id()));
        index.close();
        opened.remove(index);

        VectorIndex reopened = openDefault();
        var afterReopen = assertThrows(IllegalArgumentException.class,
                () -> reopened.put(entry("ns-a", "x", other, clock.instant()).build()));
        assertEquals("vector must have 384 dimensions like the index, got 128", afterReopen.getMessage());
    }
}
