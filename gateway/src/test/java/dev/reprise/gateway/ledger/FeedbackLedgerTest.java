package dev.reprise.gateway.ledger;

import dev.reprise.gateway.pipeline.SettledRequest;
import dev.reprise.gateway.pipeline.SettledRequest.CacheFacts;
import dev.reprise.gateway.pipeline.SettledRequest.CacheTier;
import dev.reprise.testing.TestClock;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.locks.LockSupport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Feedback in the ledger without a server: the race with the writer's queue, tenants, kinds, pruning, the report. */
class FeedbackLedgerTest {

    static final Instant T0 = Instant.parse("2026-12-06T10:00:00Z");

    @TempDir
    Path dir;

    private final TestClock clock = new TestClock(T0);
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

    static SettledRequest request(String id, String tenant, String variant, CacheTier tier, boolean streamed,
                                  SettledRequest.Kind kind, Instant at) {
        return new SettledRequest(id, at, tenant, tenant, "support", "support", null,
                variant == null ? null : new SettledRequest.AbVariant("support", variant), "mock-1", "mock",
                "mock-model", 1, null, new CacheFacts(tier, null, null, null, false), 200, null,
                Duration.ofMillis(10), null, new SettledRequest.Tokens(10, 20, SettledRequest.TokenSource.PROVIDER),
                tier == CacheTier.MISS ? 0.001 : 0, 0, streamed, null, null, kind);
    }

    static SettledRequest chat(String id, String tenant, String variant) {
        return request(id, tenant, variant, CacheTier.MISS, false, SettledRequest.Kind.CHAT, T0);
    }

    static Feedback score(String id, String tenant, double score) {
        return new Feedback(id, tenant, tenant, score, null, null);
    }

    private LedgerSettings settings() {
        return new LedgerSettings(true, null, Duration.ofDays(90), false, Duration.ofSeconds(1), 100);
    }

    @Test
    void should_write_the_queue_first_so_feedback_finds_a_row_not_written_yet() {
        ManualExecutor writer = new ManualExecutor();
        try (UsageLedger ledger = new UsageLedger(LedgerStore.open(dir.resolve("ledger.db")), settings(), clock,
                registry, writer)) {
            ledger.settled(chat("req-1", "acme", "control"));
            assertEquals(0, writer.queued(), "the row waits in the queue, not written");

            // The caller waits for the writer thread, held still here: feedback is written in the writer's order.
            CompletableFuture<Optional<FeedbackReceipt>> given = CompletableFuture.supplyAsync(
                    () -> ledger.record(score("req-1", "acme", 1)), r -> Thread.ofPlatform().start(r));
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (writer.queued() == 0) { // a hand-off to another thread: bounded, not a timing
                assertTrue(System.nanoTime() < deadline, "feedback never reached the writer");
                LockSupport.parkNanos(1_000_000);
            }
            assertFalse(given.isDone());
            writer.runAll();

            FeedbackReceipt receipt = given.join().orElseThrow();
            assertEquals("control", receipt.variant());
            assertEquals("support", receipt.variantAlias());
            assertFalse(receipt.replaced());
        }
    }

    @Test
    void should_find_only_the_tenants_own_client_requests() {
        try (UsageLedger ledger = UsageLedger.open(settings(), dir.resolve("ledger.db"), clock, registry)) {
            ledger.settled(chat("req-1", "acme", "control"));
            ledger.settled(request("judge-1", "acme", null, CacheTier.NONE, false, SettledRequest.Kind.JUDGE, T0));

            assertEquals(Optional.empty(), ledger.record(score("req-1", "globex", 0)), "another tenant's");
            assertEquals(Optional.empty(), ledger.record(score("judge-1", "acme", 0)), "the gateway's own call");
            assertEquals(Optional.empty(), ledger.record(score("req-2", "acme", 0)), "unknown");
            assertTrue(ledger.record(score("req-1", "acme", 1)).isPresent());
        }
    }

    @Test
    void should_read_a_repeated_request_id_as_its_latest_request() {
        try (UsageLedger ledger = UsageLedger.open(settings(), dir.resolve("ledger.db"), clock, registry)) {
            ledger.settled(chat("same", "acme", "control"));
            ledger.settled(chat("same", "acme", "concise"));
            assertEquals("concise", ledger.record(score("same", "acme", 1)).orElseThrow().variant());
        }
    }

    @Test
    void should_report_outcomes_per_variant_with_hits_and_streams_counted_like_any_answer() {
        try (UsageLedger ledger = UsageLedger.open(settings(), dir.resolve("ledger.db"), clock, registry)) {
            ledger.settled(chat("a1", "acme", "control"));
            ledger.settled(request("a2", "acme", "control", CacheTier.HIT_EXACT, false, SettledRequest.Kind.CHAT, T0));
            ledger.settled(request("a3", "acme", "control", CacheTier.MISS, true, SettledRequest.Kind.CHAT, T0));
            ledger.settled(chat("b1", "globex", "concise"));
            ledger.settled(chat("n1", "acme", null));
            ledger.record(new Feedback("a1", "acme", "acme", 1.0, "accepted", null)).orElseThrow();
            ledger.record(new Feedback("a2", "acme", "acme", 0.5, "accepted", "cached but fine")).orElseThrow();
            ledger.record(new Feedback("a3", "acme", "acme", null, "rejected", null)).orElseThrow();
            ledger.record(score("n1", "acme", 0)).orElseThrow();

            List<VariantOutcome> report = ledger.reader().variants(new VariantFilter(T0, T0, null));
            assertEquals(List.of("support/concise", "support/control"),
                    report.stream().map(v -> v.alias() + "/" + v.variant()).toList(), "rows without a variant are left out");
            VariantOutcome concise = report.get(0);
            assertEquals(1, concise.requests());
            assertEquals(0, concise.feedback());
            assertNull(concise.meanScore());
            VariantOutcome control = report.get(1);
            assertEquals(3, control.requests());
            assertEquals(1, control.cacheHits());
            assertEquals(0.002, control.costUsd(), 1e-12);
            assertEquals(3, control.feedback());
            assertEquals(2, control.scored());
            assertEquals(0.75, control.meanScore(), 1e-12);
            assertEquals(Map.of("accepted", 2L, "rejected", 1L), control.labels());
            assertTrue(ledger.reader().variants(new VariantFilter(T0.plusMillis(1), T0.plusMillis(2), null)).isEmpty(),
                    "outside the range nothing counts");
        }
    }

    @Test
    void should_prune_feedback_with_the_requests_it_refers_to() {
        try (UsageLedger ledger = UsageLedger.open(settings(), dir.resolve("ledger.db"), clock, registry)) {
            ledger.settled(chat("old", "acme", "control"));
            ledger.record(score("old", "acme", 1)).orElseThrow();
            clock.advance(Duration.ofDays(91));
            ledger.settled(request("new", "acme", "control", CacheTier.MISS, false, SettledRequest.Kind.CHAT,
                    clock.instant()));
            ledger.record(score("new", "acme", 0)).orElseThrow();

            List<VariantOutcome> all = ledger.reader().variants(new VariantFilter(Instant.EPOCH, clock.instant(), null));
            assertEquals(1, all.getFirst().requests());
            assertEquals(1, all.getFirst().feedback());
            assertEquals(0.0, all.getFirst().meanScore());
        }
    }

    @Test
    void should_refuse_feedback_once_closed() {
        UsageLedger ledger = UsageLedger.open(settings(), dir.resolve("ledger.db"), clock, registry);
        ledger.settled(chat("req-1", "acme", "control"));
        ledger.close();
        assertThrows(LedgerException.class, () -> ledger.record(score("req-1", "acme", 1)));
    }
}
