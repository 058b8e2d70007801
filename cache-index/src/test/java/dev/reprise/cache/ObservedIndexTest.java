package dev.reprise.cache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.reprise.testing.TestClock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The changes an observed index reports, and the ones it keeps to itself. */
class ObservedIndexTest {

    private final TestClock clock = new TestClock(Instant.parse("2026-03-02T10:00:00Z"));
    private final TestVectors vectors = new TestVectors(7);

    /** Writes each reported change as one line. */
    private static final class Recorder implements IndexChanges {
        final List<String> changes = new ArrayList<>();

        @Override
        public void stored(CacheEntry entry) {
            changes.add("stored " + entry.id());
        }

        @Override
        public void deleted(String id) {
            changes.add("deleted " + id);
        }

        @Override
        public void deletedWhere(String modelAlias, String tenant) {
            changes.add("deletedWhere " + modelAlias + " " + tenant);
        }
    }

    @Test
    void should_report_stores_and_deletes_made_through_it_and_not_those_made_quietly() {
        Recorder recorder = new Recorder();
        try (ObservedIndex index = new ObservedIndex(LuceneVectorIndex.open(IndexOptions.builder().clock(clock).build()))) {
            index.observe(recorder);
            CacheEntry mine = TestEntries.entry("ns-a", "mine", vectors.random(), clock.instant()).build();
            CacheEntry theirs = TestEntries.entry("ns-a", "theirs", vectors.random(), clock.instant()).build();

            index.put(mine);
            index.quiet().put(theirs);
            assertTrue(index.delete(mine.id()));
            assertFalse(index.delete("never-here"));
            assertTrue(index.quiet().delete(theirs.id()));
            assertEquals(0, index.deleteWhere("gpt-mini", null));

            assertEquals(List.of("stored " + mine.id(), "deleted " + mine.id(), "deleted never-here",
                    "deletedWhere gpt-mini null"), recorder.changes);
        }
    }

    @Test
    void should_not_report_housekeeping() {
        Recorder recorder = new Recorder();
        try (ObservedIndex index = new ObservedIndex(LuceneVectorIndex.open(
                IndexOptions.builder().clock(clock).maxEntries(1).build()))) {
            index.put(TestEntries.entry("ns-a", "first", vectors.random(), clock.instant())
                    .expiresAt(clock.instant().plusSeconds(1)).build());
            index.observe(recorder);
            index.put(TestEntries.entry("ns-a", "second", vectors.random(), clock.instant()).build());
            clock.advance(java.time.Duration.ofSeconds(2));
            index.purgeExpired(clock.instant());

            assertEquals(1, recorder.changes.size(), "only the store: " + recorder.changes);
            assertEquals(1, index.stats().evictions());
        }
    }
}
