package dev.reprise.cache;

import static dev.reprise.cache.TestEntries.entry;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.reprise.testing.TestClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The exact lookups' hot entries: a repeated lookup is answered from memory, and never differently from the index. The
 * last test runs the same random operations on an index with them and one without and compares every exact lookup.
 */
class HotExactEntriesTest {

    private final TestClock clock = new TestClock(Instant.parse("2026-01-01T00:00:00Z"));
    private final TestVectors vectors = new TestVectors(7);
    private final List<LuceneVectorIndex> opened = new ArrayList<>();

    @AfterEach
    void close() {
        opened.forEach(LuceneVectorIndex::close);
    }

    private LuceneVectorIndex open(long hotBytes, int maxEntries) {
        LuceneVectorIndex index = LuceneVectorIndex.open(IndexOptions.builder()
                .clock(clock).maxEntries(maxEntries).hotExactBytes(hotBytes).build());
        opened.add(index);
        return index;
    }

    // A put is served from the list of recent writes until a refresh; get(id) refreshes, so lookups read Lucene.
    private static void refresh(LuceneVectorIndex index, CacheEntry any) {
        index.get(any.id());
    }

    @Test
    void should_answer_a_repeated_exact_lookup_from_memory_with_the_hits_counted_since() {
        LuceneVectorIndex index = open(IndexOptions.DEFAULT_HOT_EXACT_BYTES, 100);
        CacheEntry e = entry("ns", "where is my parcel", vectors.random(), clock.instant()).build();
        index.put(e);
        refresh(index, e);

        assertEquals(Optional.of(e), index.getExact(e.exactKey(), clock.instant()));
        assertEquals(1, index.hotExactEntries());
        index.recordHit(e.id(), clock.instant());
        clock.advance(Duration.ofSeconds(5));
        index.recordHit(e.id(), clock.instant());

        CacheEntry again = index.getExact(e.exactKey(), clock.instant()).orElseThrow();
        assertEquals(2, again.hitCount(), "hits pending in memory are added to a held entry too");
        assertEquals(clock.instant(), again.lastHitAt());
        assertEquals(e.toBuilder().hitCount(2).lastHitAt(clock.instant()).build(), again);
    }

    @Test
    void should_not_serve_a_held_entry_once_it_is_deleted_replaced_expired_or_flushed() {
        LuceneVectorIndex index = open(IndexOptions.DEFAULT_HOT_EXACT_BYTES, 100);
        CacheEntry first = entry("ns", "reset my password", vectors.random(), clock.instant())
                .expiresAt(clock.instant().plus(Duration.ofMinutes(10))).build();
        index.put(first);
        refresh(index, first);
        index.getExact(first.exactKey(), clock.instant()).orElseThrow();

        CacheEntry second = entry("ns", "reset my password", vectors.random(), clock.instant())
                .payload("{\"answer\":\"the newer one\"}".getBytes()).build();
        index.put(second);
        refresh(index, second);
        assertEquals(Optional.of(second), index.getExact(first.exactKey(), clock.instant()), "replaced");

        index.delete(second.id());
        assertEquals(Optional.empty(), index.getExact(first.exactKey(), clock.instant()), "deleted");

        CacheEntry third = entry("ns", "reset my password", vectors.random(), clock.instant())
                .expiresAt(clock.instant().plus(Duration.ofMinutes(10))).build();
        index.put(third);
        refresh(index, third);
        index.getExact(third.exactKey(), clock.instant()).orElseThrow();
        index.recordHit(third.id(), clock.instant());
        index.commit(); // folds the hit into the index: a new searcher, the held copy's count is old
        assertEquals(1, index.getExact(third.exactKey(), clock.instant()).orElseThrow().hitCount(), "flushed");
        index.deleteWhere("gpt-mini", null);
        assertEquals(Optional.empty(), index.getExact(third.exactKey(), clock.instant()), "deleted by alias");

        CacheEntry fourth = entry("ns", "reset my password", vectors.random(), clock.instant())
                .expiresAt(clock.instant().plus(Duration.ofMinutes(10))).build();
        index.put(fourth);
        refresh(index, fourth);
        index.getExact(fourth.exactKey(), clock.instant()).orElseThrow();
        clock.advance(Duration.ofMinutes(11));
        assertEquals(Optional.empty(), index.getExact(fourth.exactKey(), clock.instant()), "expired");
    }

    @Test
    void should_hold_nothing_when_its_budget_is_zero_and_refuse_a_negative_one() {
        LuceneVectorIndex index = open(0, 100);
        CacheEntry e = entry("ns", "opening hours", vectors.random(), clock.instant()).build();
        index.put(e);
        refresh(index, e);
        assertEquals(Optional.of(e), index.getExact(e.exactKey(), clock.instant()));
        assertEquals(Optional.of(e), index.getExact(e.exactKey(), clock.instant()));
        assertEquals(0, index.hotExactEntries());
        assertThrows(IllegalArgumentException.class, () -> IndexOptions.builder().hotExactBytes(-1).build());
    }

    @Test
    void should_keep_within_its_byte_budget() {
        CacheEntry sample = entry("ns", "question 0", vectors.random(), clock.instant()).build();
        LuceneVectorIndex index = open(20L * HotExactEntries.weight(sample), 1_000);
        List<CacheEntry> stored = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            CacheEntry e = entry("ns", "question " + i, vectors.random(), clock.instant()).build();
            index.put(e);
            stored.add(e);
        }
        refresh(index, stored.get(0));
        for (CacheEntry e : stored) {
            assertEquals(Optional.of(e), index.getExact(e.exactKey(), clock.instant()));
        }
        long held = index.hotExactEntries();
        assertTrue(held > 0 && held <= 20, "held " + held + " entries within a budget of 20");
    }

    @Test
    void should_answer_every_exact_lookup_as_the_index_alone_does() {
        LuceneVectorIndex hot = open(IndexOptions.DEFAULT_HOT_EXACT_BYTES, 12);
        LuceneVectorIndex plain = open(0, 12);
        Random random = new Random(20261207);
        List<CacheEntry> live = new ArrayList<>();
        int lookups = 0;
        for (int step = 0; step < 3_000; step++) {
            int op = random.nextInt(100);
            String text = "question " + random.nextInt(16);
            if (op < 15) {
                CacheEntry e = entry("ns", text, vectors.random(), clock.instant())
                        .id("id-" + step)
                        .modelAlias(random.nextBoolean() ? "gpt-mini" : "gpt-big")
                        .expiresAt(clock.instant().plus(Duration.ofSeconds(1 + random.nextInt(120))))
                        .build();
                hot.put(e);
                plain.put(e);
                live.add(e);
            } else if (op < 20 && !live.isEmpty()) {
                String id = live.get(random.nextInt(live.size())).id();
                assertEquals(plain.delete(id), hot.delete(id), "delete " + id);
            } else if (op < 21) {
                String alias = random.nextBoolean() ? "gpt-mini" : "gpt-big";
                assertEquals(plain.deleteWhere(alias, null), hot.deleteWhere(alias, null));
            } else if (op < 30 && !live.isEmpty()) {
                String id = live.get(random.nextInt(live.size())).id();
                hot.recordHit(id, clock.instant());
                plain.recordHit(id, clock.instant());
            } else if (op < 33) {
                hot.commit();
                plain.commit();
            } else if (op < 36) {
                clock.advance(Duration.ofSeconds(random.nextInt(30)));
            } else if (op < 38) {
                assertEquals(plain.purgeExpired(clock.instant()), hot.purgeExpired(clock.instant()));
            } else if (op < 45 && !live.isEmpty()) {
                CacheEntry any = live.get(random.nextInt(live.size()));
                hot.get(any.id());
                plain.get(any.id());
            } else {
                String key = "ns:" + text;
                assertEquals(plain.getExact(key, clock.instant()), hot.getExact(key, clock.instant()),
                        "exact lookup of " + key + " at step " + step);
                lookups++;
            }
        }
        assertTrue(lookups > 1_000, "looked up " + lookups + " times");
        assertTrue(hot.hotExactEntries() > 0, "the hot entries were in use");
    }
}
