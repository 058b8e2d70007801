package dev.reprise.gateway.ledger;

import dev.reprise.gateway.pipeline.SettledRequest;
import dev.reprise.gateway.pipeline.SettledRequest.GuardrailFacts;
import dev.reprise.testing.TestClock;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The ledger's guardrail columns on a real SQLite file, without a server: what the writer stores from the settled
 * record, a file from before the columns, and the per-day report by kind (injection rows are written directly here:
 * the detector is not wired into the stage yet).
 */
class GuardrailLedgerTest {

    static final Instant DAY1 = Instant.parse("2026-12-05T10:00:00Z");
    static final Instant DAY2 = Instant.parse("2026-12-06T23:59:59Z");

    @TempDir
    Path dir;

    private final TestClock clock = new TestClock(DAY2);
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

    private static final LedgerSettings SETTINGS = new LedgerSettings(true, null, LedgerSettings.DEFAULT_RETENTION,
            false, Duration.ofSeconds(1), 100);

    static SettledRequest request(String id, Instant at, String tenant, String model, GuardrailFacts facts) {
        SettledRequest r = UsageLedgerTest.request(id, at);
        boolean blocked = "block".equals(facts.piiAction()) || "block".equals(facts.injection());
        return new SettledRequest(id, at, tenant, tenant, model, model, null, null, blocked ? null : r.deployment(),
                r.provider(), blocked ? null : r.upstreamModel(), blocked ? 0 : 1, null,
                blocked ? SettledRequest.CacheFacts.NONE : r.cache(), blocked ? 400 : 200, null, r.latency(), null,
                blocked ? SettledRequest.Tokens.NONE : r.tokens(), blocked ? 0 : r.costUsd(), 0, false, r.prompt(),
                null, SettledRequest.Kind.CHAT, facts);
    }

    static GuardrailFacts pii(String action, int count, String... types) {
        return new GuardrailFacts(action, List.of(types), count, null, null, !"redact".equals(action));
    }

    static GuardrailFacts injection(String action, String category) {
        return GuardrailFacts.NONE.withInjection(action, category);
    }

    private UsageLedger open() {
        return UsageLedger.open(SETTINGS, dir.resolve("ledger.db"), clock, registry);
    }

    private static List<LedgerRow> all(UsageLedger ledger) {
        return ledger.reader().requests(new RequestFilter(Instant.EPOCH, DAY2.plus(Duration.ofDays(1)), null, null,
                null, null, null, null, RequestFilter.MAX_LIMIT, null)).rows();
    }

    @Test
    void should_store_what_the_guardrails_found_from_the_settled_record_and_read_it_back() throws Exception {
        try (UsageLedger ledger = open()) {
            ledger.settled(request("blocked", DAY1, "acme", "chat", pii("block", 3, "card", "email")));
            ledger.settled(request("flagged", DAY1.plusSeconds(1), "acme", "chat",
                    pii("redact", 1, "phone").withInjection("flag", "roleplay")));
            ledger.settled(request("clean", DAY1.plusSeconds(2), "acme", "chat", GuardrailFacts.NONE));
            ledger.flush();

            List<LedgerRow> rows = all(ledger);
            assertEquals(List.of("clean", "flagged", "blocked"), rows.stream().map(LedgerRow::requestId).toList());
            assertEquals(LedgerRow.Guardrail.NONE, rows.get(0).guardrail());
            assertEquals(new LedgerRow.Guardrail("redact", List.of("phone"), 1, "flag", "roleplay"),
                    rows.get(1).guardrail());
            assertEquals(new LedgerRow.Guardrail("block", List.of("card", "email"), 3, null, null),
                    rows.get(2).guardrail());
        }
        assertEquals(List.of("clean|null|null|0|null|null", "flagged|redact|phone|1|flag|roleplay",
                "blocked|block|card,email|3|null|null"), columns(), "the columns as SQL sees them");
    }

    @Test
    void should_read_rows_of_a_file_from_before_the_guardrail_columns_as_rows_no_guardrail_acted_on() throws Exception {
        Path file = dir.resolve("ledger.db");
        org.flywaydb.core.Flyway.configure(getClass().getClassLoader()).dataSource(LedgerStore.url(file), null, null)
                .locations(LedgerSchema.LOCATION).target("2").load().migrate();
        try (Connection c = DriverManager.getConnection(LedgerStore.url(file)); var s = c.createStatement()) {
            s.execute("INSERT INTO requests (at_ms, request_id, attempts, tier, coalesced, status, latency_ms,"
                    + " input_tokens, output_tokens, token_source, cost_usd, saved_usd, stream)"
                    + " VALUES (" + DAY1.toEpochMilli() + ", 'old', 1, 'miss', 0, 200, 1.0, 1, 1, 'provider', 0, 0,"
                    + " 0)");
        }
        try (UsageLedger ledger = open()) {
            ledger.settled(request("new", DAY2, "acme", "chat", pii("log", 1, "ip")));
            ledger.flush();
            List<LedgerRow> rows = all(ledger);
            assertEquals(List.of("new", "old"), rows.stream().map(LedgerRow::requestId).toList());
            assertEquals(LedgerRow.Guardrail.NONE, rows.get(1).guardrail());
            assertEquals(new GuardrailReport(
                            List.of(new GuardrailReport.Day(LocalDate.parse("2026-12-06"), 0, 0, 1, 0)),
                            List.of(new GuardrailReport.Count(LocalDate.parse("2026-12-06"), "pii", "log", "ip", 1))),
                    ledger.reader().guardrails(new GuardrailFilter(Instant.EPOCH, DAY2, null, null)));
        }
    }

    @Test
    void should_count_blocks_redactions_logs_and_flags_per_utc_day_by_kind() {
        try (UsageLedger ledger = open()) {
            traffic(ledger);
            GuardrailReport report = ledger.reader().guardrails(new GuardrailFilter(Instant.EPOCH, DAY2, null, null));

            LocalDate d1 = LocalDate.parse("2026-12-05");
            LocalDate d2 = LocalDate.parse("2026-12-06");
            assertEquals(List.of(new GuardrailReport.Day(d1, 3, 1, 0, 1), new GuardrailReport.Day(d2, 2, 2, 1, 0)),
                    report.days(), "the request both guardrails would block counts once; clean requests not at all");
            assertEquals(List.of(
                    count(d1, "injection", "block", "override", 1),
                    count(d1, "injection", "flag", "(none)", 1),
                    count(d1, "pii", "block", "card", 3),
                    count(d1, "pii", "block", "email", 1),
                    count(d1, "pii", "redact", "phone", 1),
                    count(d2, "injection", "block", "extract", 1),
                    count(d2, "pii", "block", "iban", 1),
                    count(d2, "pii", "log", "ip", 1),
                    count(d2, "pii", "redact", "card", 1),
                    count(d2, "pii", "redact", "email", 2)), report.counts());
        }
    }

    @Test
    void should_count_only_the_alias_and_the_tenant_asked_for_within_the_range() {
        try (UsageLedger ledger = open()) {
            traffic(ledger);
            LocalDate d1 = LocalDate.parse("2026-12-05");
            LocalDate d2 = LocalDate.parse("2026-12-06");

            GuardrailReport globex = ledger.reader().guardrails(
                    new GuardrailFilter(Instant.EPOCH, DAY2, null, "globex"));
            assertEquals(List.of(new GuardrailReport.Day(d2, 1, 1, 0, 0)), globex.days());

            GuardrailReport payments = ledger.reader().guardrails(
                    new GuardrailFilter(Instant.EPOCH, DAY2, "payments", "acme"));
            assertEquals(List.of(count(d1, "pii", "block", "card", 2), count(d1, "pii", "block", "email", 1)),
                    payments.counts());

            GuardrailReport firstDay = ledger.reader().guardrails(
                    new GuardrailFilter(DAY1, DAY1.plus(Duration.ofHours(2)), null, null));
            assertEquals(List.of(d1), firstDay.days().stream().map(GuardrailReport.Day::day).toList());
            assertEquals(new GuardrailReport(List.of(), List.of()), ledger.reader().guardrails(
                    new GuardrailFilter(Instant.EPOCH, DAY1.minusMillis(1), null, null)), "before any traffic");
        }
    }

    @Test
    void should_read_the_report_through_the_index_of_the_rows_a_guardrail_acted_on() throws Exception {
        open().close();
        List<Object> args = new ArrayList<>();
        String sql = GuardrailCounts.sql(new GuardrailFilter(DAY1, DAY2, null, null), args);
        try (Connection c = DriverManager.getConnection(LedgerStore.url(dir.resolve("ledger.db")));
             PreparedStatement s = c.prepareStatement("EXPLAIN QUERY PLAN " + sql)) {
            for (int i = 0; i < args.size(); i++) {
                s.setObject(i + 1, args.get(i));
            }
            StringBuilder plan = new StringBuilder();
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    plan.append(rs.getString("detail")).append('\n');
                }
            }
            assertTrue(plan.toString().contains("requests_guardrail_at"), plan.toString());
        }
    }

    /**
     * Day one: acme's payments alias blocks two card prompts (one with an e-mail), its chat alias redacts a phone
     * number in a prompt that was also flagged (no category), and an injection is blocked in a prompt whose card the
     * PII guardrail would have blocked too; a clean request. Day two (up to its last second): globex blocks an IBAN and
     * redacts an e-mail, acme redacts a card and an e-mail in one prompt, logs an IP, and an extraction is blocked.
     */
    private static void traffic(UsageLedger ledger) {
        ledger.settled(request("p1", DAY1, "acme", "payments", pii("block", 2, "card", "email")));
        ledger.settled(request("p2", DAY1.plusSeconds(60), "acme", "payments", pii("block", 1, "card")));
        ledger.settled(request("c1", DAY1.plusSeconds(120), "acme", "chat",
                pii("redact", 1, "phone").withInjection("flag", null)));
        ledger.settled(request("i1", DAY1.plus(Duration.ofHours(3)), "acme", "chat",
                pii("block", 1, "card").withInjection("block", "override")));
        ledger.settled(request("ok", DAY1.plus(Duration.ofHours(4)), "acme", "chat", GuardrailFacts.NONE));
        ledger.settled(request("g1", DAY2.minus(Duration.ofHours(20)), "globex", "payments", pii("block", 1, "iban")));
        ledger.settled(request("g2", DAY2.minus(Duration.ofHours(19)), "globex", "chat", pii("redact", 1, "email")));
        ledger.settled(request("a1", DAY2.minus(Duration.ofHours(2)), "acme", "chat",
                pii("redact", 3, "card", "email")));
        ledger.settled(request("a2", DAY2.minus(Duration.ofHours(1)), "acme", "chat", pii("log", 1, "ip")));
        ledger.settled(request("i2", DAY2, "acme", "chat", injection("block", "extract")));
        ledger.settled(request("late", DAY2.plusSeconds(1), "acme", "chat", pii("block", 1, "card")));
        ledger.flush();
    }

    private static GuardrailReport.Count count(LocalDate day, String guardrail, String action, String type, long n) {
        return new GuardrailReport.Count(day, guardrail, action, type, n);
    }

    private List<String> columns() throws Exception {
        List<String> out = new ArrayList<>();
        try (Connection c = DriverManager.getConnection(LedgerStore.url(dir.resolve("ledger.db")));
             var s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT request_id, pii_action, pii_types, pii_count, injection,"
                     + " injection_category FROM requests ORDER BY id DESC")) {
            while (rs.next()) {
                out.add(rs.getString(1) + "|" + rs.getString(2) + "|" + rs.getString(3) + "|" + rs.getInt(4) + "|"
                        + rs.getString(5) + "|" + rs.getString(6));
            }
        }
        return out;
    }
}
