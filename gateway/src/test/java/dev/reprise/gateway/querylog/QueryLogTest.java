package dev.reprise.gateway.querylog;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The log's files: rotation under the size limit, torn lines, a full queue, restarts. No HTTP here. */
class QueryLogTest {

    private static final Clock CLOCK = Clock.fixed(Instant.parse("2025-06-01T08:00:00Z"), ZoneOffset.UTC);

    @TempDir
    Path folder;

    private QueryLog open(int capacity, long maxSize) throws IOException {
        return new QueryLog(LogSegments.open(folder), capacity, maxSize, CLOCK, new SimpleMeterRegistry());
    }

    private static QueryRecord query(int i) {
        return new QueryRecord(CLOCK.instant().plusSeconds(i), "req_" + i, "support", "tenant-a", "ns",
                "question number " + i, "miss", "entry-" + i, 0.5f, i % 2 == 0 ? "even" : null);
    }

    private List<QueryRecord> readAll() throws IOException {
        List<QueryRecord> out = new ArrayList<>();
        QueryLogReader.of(folder).forEachQuery(out::add);
        return out;
    }

    private long bytesOnDisk() throws IOException {
        long total = 0;
        for (Path p : LogSegments.open(folder).list()) {
            total += Files.size(p);
        }
        return total;
    }

    @Test
    void should_read_back_what_it_wrote_field_for_field() throws IOException {
        try (QueryLog log = open(100, QueryLogSettings.DEFAULT_MAX_SIZE)) {
            log.record(query(1));
            log.record(query(2));
            log.feedback("entry-1", false);
            assertTrue(log.awaitWrites(Duration.ofSeconds(10)));
            assertEquals(3, log.written());
        }
        List<LogRecord> all = new ArrayList<>();
        QueryLogReader.Counts counts = QueryLogReader.of(folder).forEach(all::add);

        assertEquals(List.of(query(1), query(2), new FeedbackRecord(CLOCK.instant(), "entry-1", false)), all);
        assertEquals(0, counts.skipped());
    }

    @Test
    void should_keep_the_folder_under_max_size_by_dropping_the_oldest_records() throws IOException {
        long maxSize = 4096;
        try (QueryLog log = open(1000, maxSize)) {
            for (int i = 0; i < 300; i++) {
                assertTrue(log.record(query(i)));
            }
            assertTrue(log.awaitWrites(Duration.ofSeconds(10)));
        }
        List<QueryRecord> kept = readAll();

        assertTrue(bytesOnDisk() <= maxSize, "bytes on disk: " + bytesOnDisk());
        assertTrue(kept.size() > 10 && kept.size() < 300, "kept " + kept.size());
        int firstKept = 300 - kept.size();
        for (int i = 0; i < kept.size(); i++) {
            assertEquals(query(firstKept + i), kept.get(i), "what is kept is the newest records, in order");
        }
    }

    @Test
    void should_skip_a_torn_last_line_and_write_after_it_in_a_new_file() throws IOException {
        try (QueryLog log = open(100, QueryLogSettings.DEFAULT_MAX_SIZE)) {
            log.record(query(1));
            assertTrue(log.awaitWrites(Duration.ofSeconds(10)));
        }
        Path segment = LogSegments.open(folder).list().getLast();
        // A crash in the middle of a line, inside a two-byte character.
        byte[] torn = "{\"type\":\"query\",\"time\":\"2025-06-01T08:00:09Z\",\"q\":\"caf\u00e9".getBytes(StandardCharsets.UTF_8);
        Files.write(segment, java.util.Arrays.copyOf(torn, torn.length - 1), StandardOpenOption.APPEND);

        try (QueryLog log = open(100, QueryLogSettings.DEFAULT_MAX_SIZE)) {
            log.record(query(2));
            assertTrue(log.awaitWrites(Duration.ofSeconds(10)));
        }
        List<QueryRecord> kept = new ArrayList<>();
        QueryLogReader.Counts counts = QueryLogReader.of(folder).forEachQuery(kept::add);

        assertEquals(List.of(query(1), query(2)), kept);
        assertEquals(1, counts.skipped(), "the torn line is skipped, not fatal");
        assertEquals(2, LogSegments.open(folder).list().size(), "a restart never appends to a torn file");
    }

    @Test
    void should_drop_and_count_instead_of_blocking_when_the_queue_is_full() throws Exception {
        try (QueryLog log = open(2, QueryLogSettings.DEFAULT_MAX_SIZE)) {
            CountDownLatch started = new CountDownLatch(1);
            CountDownLatch release = new CountDownLatch(1);
            assertTrue(log.onWriter(() -> {
                started.countDown();
                awaitQuietly(release);
            }, Duration.ofSeconds(10)));
            assertTrue(started.await(10, TimeUnit.SECONDS), "the writer is busy");

            boolean first = log.record(query(1));
            boolean second = log.record(query(2));
            boolean third = log.record(query(3));
            release.countDown();
            assertTrue(log.awaitWrites(Duration.ofSeconds(10)));

            assertTrue(first && second);
            assertFalse(third, "a full queue drops");
            assertEquals(1, log.dropped());
            assertEquals(2, log.written());
        }
        assertEquals(List.of(query(1), query(2)), readAll());
    }

    @Test
    void should_drop_records_after_close() throws IOException {
        QueryLog log = open(100, QueryLogSettings.DEFAULT_MAX_SIZE);
        log.record(query(1));
        log.close();

        assertFalse(log.record(query(2)));
        assertEquals(1, log.dropped());
        assertEquals(List.of(query(1)), readAll(), "close writes what was queued before it");
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
