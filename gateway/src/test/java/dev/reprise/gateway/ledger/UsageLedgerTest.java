package dev.reprise.gateway.ledger;

import dev.reprise.gateway.pipeline.SettledRequest;
import dev.reprise.testing.TestClock;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The ledger on a real SQLite file, without a server: queueing, dropping, pruning, reopening, text. */
class UsageLedgerTest {

    static final Instant T0 = Instant.parse("2026-12-06T10:00:00Z");

    @TempDir
    Path dir;

    private final TestClock clock = new TestClock(T0);
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

    static SettledRequest request(String id, Instant at) {
        return new SettledRequest(id, at, "acme", "acme", "mock", "mock", null, null, "mock-1", "mock", "mock-model",
                1, null, new SettledRequest.CacheFacts(SettledRequest.CacheTier.MISS, 0.5f, null, null, false), 200,
                null, Duration.ofMillis(12), null, new SettledRequest.Tokens(10, 20, SettledRequest.TokenSource.PROVIDER),
                0.001, 0, false, "what is the refund policy?", null, SettledRequest.Kind.CHAT);
    }

    private LedgerSettings settings(int capacity) {
        return new LedgerSettings(true, null, LedgerSettings.DEFAULT_RETENTION, false, Duration.ofSeconds(1), capacity);
    }

    private UsageLedger held(LedgerSettings settings, ManualExecutor writer) {
        return new UsageLedger(LedgerStore.open(dir.resolve("ledger.db")), settings, clock, registry, writer);
    }

    private static List<LedgerRow> all(UsageLedger ledger) {
        return ledger.reader().requests(new RequestFilter(Instant.EPOCH, T0.plus(Duration.ofDays(400)), null, null,
                null, null, null, null, RequestFilter.MAX_LIMIT, null)).rows();
    }

    @Test
    void should_drop_and_count_records_beyond_a_full_queue_without_waiting() {
        ManualExecutor writer = new ManualExecutor();
        UsageLedger ledger = held(settings(4), writer);

        for (int i = 0; i < 10; i++) {
            ledger.settled(request("r" + i, T0));
        }

        assertEquals(6, ledger.dropped());
        assertEquals(6.0, registry.get("reprise.ledger.dropped").tag("reason", "queue_full").counter().count());
        assertEquals(1, writer.queued(), "a half-full queue asks the writer for one early write");
        writer.runAll();
        assertEquals(List.of("r3", "r2", "r1", "r0"), all(ledger).stream().map(LedgerRow::requestId).toList());
        ledger.close();
    }

    @Test
    void should_write_what_is_queued_on_close_and_keep_it_across_a_reopen() {
        try (UsageLedger ledger = UsageLedger.open(settings(100), dir.resolve("ledger.db"), clock, registry)) {
            ledger.settled(request("before-close", T0));
        }
        try (UsageLedger reopened = UsageLedger.open(settings(100), dir.resolve("ledger.db"), clock, registry)) {
            List<LedgerRow> rows = all(reopened);
            assertEquals(1, rows.size());
            assertEquals("before-close", rows.getFirst().requestId());
            assertEquals(0.5f, rows.getFirst().similarity());
        }
    }

    @Test
    void should_read_rows_of_a_file_from_before_the_judge_as_client_requests() throws Exception {
        Path file = dir.resolve("ledger.db");
        // A file the previous release created: the schema at version 1, with one row.
        org.flywaydb.core.Flyway.configure(getClass().getClassLoader()).dataSource(LedgerStore.url(file), null, null)
                .locations(LedgerSchema.LOCATION).target("1").load().migrate();
        try (var c = java.sql.DriverManager.getConnection(LedgerStore.url(file)); var s = c.createStatement()) {
            s.execute("INSERT INTO requests (at_ms, request_id, attempts, tier, coalesced, status, latency_ms,"
                    + " input_tokens, output_tokens, token_source, cost_usd, saved_usd, stream)"
                    + " VALUES (" + T0.toEpochMilli() + ", 'old', 1, 'miss', 0, 200, 1.0, 1, 1, 'provider', 0, 0, 0)");
        }
        try (UsageLedger ledger = UsageLedger.open(settings(100), file, clock, registry)) {
            SettledRequest judge = request("judge-1", T0);
            ledger.settled(new SettledRequest(judge.requestId(), judge.at(), judge.tenant(), null, "judge", "judge",
                    null, null, "judge#0", "openai", "gpt-judge", 1, null, SettledRequest.CacheFacts.NONE, 200, null,
                    judge.latency(), null, judge.tokens(), 0.0001, 0, false, null, null, SettledRequest.Kind.JUDGE));
            ledger.flush();
            List<LedgerRow> rows = all(ledger);
            assertEquals(List.of("old=chat", "judge-1=judge"), rows.stream()
                    .map(r -> r.requestId() + "=" + r.kind()).sorted((a, b) -> b.compareTo(a)).toList());
        }
    }

    @Test
    void should_delete_rows_past_the_retention_as_the_clock_moves() {
        LedgerSettings settings = new LedgerSettings(true, null, Duration.ofDays(90), false, Duration.ofSeconds(1), 100);
        try (UsageLedger ledger = UsageLedger.open(settings, dir.resolve("ledger.db"), clock, registry)) {
            ledger.settled(request("old", T0));
            ledger.flush();
            clock.advance(Duration.ofDays(60));
            ledger.settled(request("newer", clock.instant()));
            ledger.flush();
            assertEquals(2, all(ledger).size());

            clock.advance(Duration.ofDays(31)); // "old" is 91 days old, "newer" 31
            ledger.flush();

            assertEquals(List.of("newer"), all(ledger).stream().map(LedgerRow::requestId).toList());
        }
    }

    @Test
    void should_keep_prompt_and_answer_text_only_when_asked() {
        try (UsageLedger ledger = UsageLedger.open(settings(100), dir.resolve("ledger.db"), clock, registry)) {
            ledger.settled(request("no-text", T0));
            ledger.flush();
            assertNull(all(ledger).getFirst().prompt());
        }
        LedgerSettings withText = new LedgerSettings(true, null, Duration.ofDays(90), true, Duration.ofSeconds(1), 100);
        try (UsageLedger ledger = UsageLedger.open(withText, dir.resolve("ledger.db"), clock, registry)) {
            ledger.settled(request("text", T0.plus(1, ChronoUnit.SECONDS)));
            ledger.flush();
            assertEquals("what is the refund policy?", all(ledger).getFirst().prompt());
        }
    }

    @Test
    void should_keep_the_ledger_folder_for_its_owner_only() throws Exception {
        Path folder = dir.resolve("data");
        try (UsageLedger ledger = UsageLedger.open(settings(100), folder.resolve("ledger.db"), clock, registry)) {
            ledger.settled(request("r", T0));
            ledger.flush();
        }
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(folder)));
        assertTrue(Files.isRegularFile(folder.resolve("ledger.db")));
    }
}
