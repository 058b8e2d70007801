package dev.reprise.gateway.ledger;

import dev.reprise.gateway.cluster.PostgresAddress;
import dev.reprise.gateway.cluster.PostgresLink;
import dev.reprise.gateway.cluster.PostgresServer;
import dev.reprise.gateway.cluster.PostgresSettings;
import dev.reprise.gateway.pipeline.SettledRequest;
import dev.reprise.testing.TestClock;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * One ledger scenario written to a SQLite file and to a real PostgreSQL: every report the admin API and the
 * dashboard read (usage by each grouping, the request list, similarities, guardrails, variants, shadow calls,
 * spend by day) gives the same answer on both.
 */
class LedgerBackendsTest {

    private static PostgresServer pg;
    private static PostgresLink link;
    private static UsageLedger sqlite;
    private static UsageLedger postgres;
    private static final List<Optional<FeedbackReceipt>> RECEIPTS = new ArrayList<>();

    @TempDir
    static Path dir;

    @BeforeAll
    static void writeTheScenarioToBoth() throws Exception {
        pg = PostgresServer.start();
        link = PostgresLink.open(settings(pg), List.of("ledger"), new SimpleMeterRegistry());
        TestClock clock = new TestClock(LedgerScenario.END);
        LedgerSettings settings = LedgerSettings.defaults();
        sqlite = UsageLedger.open(settings, dir.resolve("ledger.db"), clock, new SimpleMeterRegistry());
        postgres = UsageLedger.openShared(settings.withPostgres(link.settings()), link, dir.resolve("buffer"), clock,
                new SimpleMeterRegistry());
        List<SettledRequest> requests = LedgerScenario.requests();
        for (UsageLedger ledger : List.of(sqlite, postgres)) {
            requests.forEach(ledger::settled);
            ledger.flush();
            for (Feedback f : LedgerScenario.feedback(requests)) {
                RECEIPTS.add(ledger.record(f));
            }
        }
    }

    static PostgresSettings settings(PostgresServer server) {
        return new PostgresSettings(PostgresAddress.parse("ledger.url", server.url()), 4, Duration.ofSeconds(2),
                Duration.ofSeconds(30), Duration.ofSeconds(1), Duration.ofHours(1));
    }

    @AfterAll
    static void close() throws Exception {
        if (sqlite != null) {
            sqlite.close();
        }
        if (postgres != null) {
            postgres.close();
        }
        if (link != null) {
            link.close();
        }
        if (pg != null) {
            pg.close();
        }
    }

    private static <T> void assertSame(Function<LedgerReader, T> report) {
        T expected = report.apply(sqlite.reader());
        T actual = report.apply(postgres.reader());
        assertEquals(expected, actual);
    }

    @Test
    void should_store_every_request_on_both() {
        List<LedgerRow> rows = all(sqlite.reader());
        assertTrue(rows.size() > 400, "the scenario has " + rows.size() + " rows");
        assertEquals(rows, all(postgres.reader()));
    }

    @Test
    void should_record_the_same_feedback_on_both() {
        int half = RECEIPTS.size() / 2;
        assertEquals(RECEIPTS.subList(0, half), RECEIPTS.subList(half, RECEIPTS.size()));
        assertFalse(RECEIPTS.getLast().isPresent(), "feedback on an unknown request finds none");
    }

    @Test
    void should_give_the_same_usage_for_every_grouping() {
        List<List<UsageDimension>> groupings = new ArrayList<>();
        for (UsageDimension d : UsageDimension.values()) {
            groupings.add(List.of(d));
        }
        groupings.add(List.of(UsageDimension.DAY, UsageDimension.MODEL));
        groupings.add(List.of(UsageDimension.HOUR, UsageDimension.TIER));
        groupings.add(List.of(UsageDimension.TENANT, UsageDimension.VARIANT));
        for (List<UsageDimension> by : groupings) {
            List<UsageRow> expected = sqlite.reader().usage(new UsageQuery(LedgerScenario.START, LedgerScenario.END,
                    by));
            assertFalse(expected.isEmpty(), by.toString());
            assertEquals(expected, postgres.reader().usage(new UsageQuery(LedgerScenario.START, LedgerScenario.END,
                    by)), by.toString());
        }
    }

    @Test
    void should_give_the_same_filtered_request_pages() {
        Instant from = LedgerScenario.START;
        Instant to = LedgerScenario.END;
        assertSame(r -> r.requests(new RequestFilter(from, to, "claude", null, null, null, null, null, 20, null)));
        assertSame(r -> r.requests(new RequestFilter(from, to, null, "acme", null, true, null, null, 20, null)));
        assertSame(r -> r.requests(new RequestFilter(from, to, null, null, 502, null, null, null, 20, null)));
        assertSame(r -> r.requests(new RequestFilter(from, to, null, null, null, null, true, "miss", 20, null)).rows());
        RequestPage first = sqlite.reader().requests(new RequestFilter(from, to, null, null, null, null, null, null,
                7, null));
        assertSame(r -> r.requests(new RequestFilter(from, to, null, null, null, null, null, null, 7,
                first.next())).rows());
    }

    @Test
    void should_give_the_same_similarity_histogram_guardrails_variants_and_spend() {
        Instant from = LedgerScenario.START;
        Instant to = LedgerScenario.END;
        assertSame(r -> r.similarity(from, to, null, 20));
        assertSame(r -> r.similarity(from, to, "gpt-4o", 7));
        assertSame(r -> r.guardrails(new GuardrailFilter(from, to, null, null)));
        assertSame(r -> r.guardrails(new GuardrailFilter(from, to, "claude", "acme")));
        assertSame(r -> r.variants(new VariantFilter(from, to, null)));
        assertSame(r -> r.variants(new VariantFilter(from, to, "mini")));
        assertSame(r -> sorted(r.spendByDay(from)));
        assertSame(r -> r.shadowSpentUsd(from));
    }

    @Test
    void should_give_the_same_shadow_report_per_bucket() {
        for (UsageDimension bucket : new UsageDimension[] {null, UsageDimension.HOUR, UsageDimension.DAY}) {
            List<ShadowRow> expected = sqlite.reader().shadow(LedgerScenario.START, LedgerScenario.END, bucket, 0.8);
            assertFalse(expected.isEmpty());
            assertEquals(expected, postgres.reader().shadow(LedgerScenario.START, LedgerScenario.END, bucket, 0.8));
        }
    }

    private static List<LedgerRow> all(LedgerReader reader) {
        List<LedgerRow> rows = new ArrayList<>();
        RequestCursor next = null;
        do {
            RequestPage page = reader.requests(new RequestFilter(LedgerScenario.START, LedgerScenario.END, null, null,
                    null, null, null, null, RequestFilter.MAX_LIMIT, next));
            rows.addAll(page.rows());
            next = page.next();
        } while (next != null);
        return rows;
    }

    /** Spend by day comes in no set order. */
    private static List<DaySpend> sorted(List<DaySpend> days) {
        return days.stream().sorted(Comparator.comparing(DaySpend::toString)).toList();
    }
}
