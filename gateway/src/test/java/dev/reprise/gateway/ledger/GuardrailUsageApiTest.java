package dev.reprise.gateway.ledger;

import com.fasterxml.jackson.databind.JsonNode;
import dev.reprise.gateway.Gateway;
import dev.reprise.gateway.GatewayFixture;
import dev.reprise.gateway.pipeline.SettledRequest.GuardrailFacts;
import dev.reprise.testing.TenantYaml;
import dev.reprise.testing.TestClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static dev.reprise.gateway.ledger.LedgerEndToEndTest.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The guardrails in the ledger on the real gateway: PII prompts that one alias blocks, one redacts and one only logs
 * settle as rows with what was found, and {@code GET /admin/usage/guardrails} counts them per day by kind. The
 * injection detector is not wired into the stage yet, so the injection row is handed to the ledger directly.
 */
class GuardrailUsageApiTest {

    static final String CARD = "4527 8301 9366 1028";
    static final Instant T0 = Instant.parse("2026-12-06T10:00:00Z");
    static final String RANGE = "from=2026-12-01T00:00:00Z&to=2026-12-31T00:00:00Z";

    private final TestClock clock = new TestClock(T0);
    private GatewayFixture fx;

    @BeforeEach
    void start() {
        fx = GatewayFixture.start(GatewayFixture.config(TenantYaml.ACME_AND_GLOBEX + """
                admin:
                  key: adm-1
                guardrails:
                  pii: { action: redact }
                models:
                  - name: support
                    provider: mock
                    latency: 0ms
                  - name: payments
                    provider: mock
                    latency: 0ms
                    guardrails: { pii: { action: block } }
                  - name: watched
                    provider: mock
                    latency: 0ms
                    guardrails: { pii: { action: log } }
                ledger:
                  flush-interval: 1m
                  store-text: true
                """), Gateway.Options.defaults().withClock(clock));
    }

    @AfterEach
    void stop() {
        fx.close();
    }

    private void ask(String key, String model, String text, int status) {
        HttpResponse<String> res = fx.post("/v1/chat/completions", GatewayFixture.chat(model, text),
                "Authorization", "Bearer " + key);
        assertEquals(status, res.statusCode(), res.body());
    }

    /**
     * Day one: acme's payments alias blocks a card with an e-mail and a card alone, support redacts a phone number,
     * globex asks a clean question. Day two: globex's payments blocks an e-mail, watched logs an IP address, and an
     * injection (blocked, an override) is recorded for globex's support.
     */
    private void traffic() {
        ask("sk-acme", "payments", "My card " + CARD + " was charged twice, mail ana.ruiz@example.com", 400);
        ask("sk-acme", "payments", "Refund card " + CARD + " please", 400);
        ask("sk-acme", "support", "Call me on +44 20 7946 0321", 200);
        ask("sk-globex", "support", "What are your opening hours?", 200);
        clock.advance(Duration.ofDays(1));
        ask("sk-globex", "payments", "Write to ana.ruiz@example.com", 400);
        ask("sk-globex", "watched", "The server 192.168.10.24 is down", 200);
        UsageLedger ledger = fx.gateway.ledger().orElseThrow();
        ledger.settled(GuardrailLedgerTest.request("injected", clock.instant(), "globex", "support",
                GuardrailFacts.NONE.withInjection("block", "override")));
        ledger.flush();
    }

    private JsonNode admin(String pathAndQuery) {
        HttpResponse<String> res = fx.get(pathAndQuery, "Authorization", "Bearer adm-1");
        assertEquals(200, res.statusCode(), pathAndQuery + ": " + res.body());
        return json(res.body());
    }

    /** {@code day guardrail action type=requests} for each count. */
    private static List<String> counts(JsonNode report) {
        List<String> out = new ArrayList<>();
        report.get("data").forEach(r -> out.add(r.get("day").asText() + " " + r.get("guardrail").asText() + " "
                + r.get("action").asText() + " " + r.get("type").asText() + "=" + r.get("requests").asLong()));
        return out;
    }

    /** {@code day blocked/redacted/logged/flagged} for each day. */
    private static List<String> days(JsonNode report) {
        List<String> out = new ArrayList<>();
        report.get("days").forEach(d -> out.add(d.get("day").asText() + " " + d.get("blocked").asLong() + "/"
                + d.get("redacted").asLong() + "/" + d.get("logged").asLong() + "/" + d.get("flagged").asLong()));
        return out;
    }

    @Test
    void should_settle_a_blocked_request_as_a_row_with_the_kinds_found_and_never_the_values() {
        traffic();

        HttpResponse<String> res = fx.get("/admin/requests?" + RANGE + "&status=400&model=payments",
                "Authorization", "Bearer adm-1");
        assertEquals(200, res.statusCode(), res.body());
        JsonNode rows = json(res.body()).get("data");
        assertEquals(3, rows.size(), res.body());
        JsonNode first = rows.get(2);
        assertEquals("pii_detected", first.get("error_code").asText());
        assertEquals("block", first.get("pii_action").asText());
        assertEquals(List.of("card", "email"), List.of(first.get("pii_types").get(0).asText(),
                first.get("pii_types").get(1).asText()));
        assertEquals(2, first.get("pii_types").size());
        assertEquals(2, first.get("pii_count").asInt());
        assertTrue(first.get("injection").isNull());
        assertEquals("none", first.get("tier").asText(), "a blocked prompt never reaches the cache");
        assertEquals(0.0, first.get("cost_usd").asDouble());
        assertEquals("My card [CARD_1] was charged twice, mail [EMAIL_1]", first.get("prompt").asText());
        assertFalse(res.body().contains("9366") || res.body().contains("ana.ruiz"), res.body());

        JsonNode redacted = admin("/admin/requests?" + RANGE + "&model=support&tenant=acme").get("data").get(0);
        assertEquals("redact", redacted.get("pii_action").asText());
        assertEquals("phone", redacted.get("pii_types").get(0).asText());
        assertEquals(200, redacted.get("status").asInt());
        JsonNode clean = admin("/admin/requests?" + RANGE + "&model=support&tenant=globex&status=ok").get("data")
                .get(0);
        assertTrue(clean.get("pii_action").isNull());
        assertEquals(0, clean.get("pii_types").size());
    }

    @Test
    void should_count_blocks_redactions_logs_and_flags_per_day_by_kind() {
        traffic();

        JsonNode report = admin("/admin/usage/guardrails?" + RANGE);

        assertEquals("2026-12-01T00:00:00Z", report.get("from").asText());
        assertEquals("2026-12-31T00:00:00Z", report.get("to").asText());
        assertEquals(List.of("2026-12-06 2/1/0/0", "2026-12-07 2/0/1/0"), days(report));
        assertEquals(List.of(
                "2026-12-06 pii block card=2",
                "2026-12-06 pii block email=1",
                "2026-12-06 pii redact phone=1",
                "2026-12-07 injection block override=1",
                "2026-12-07 pii block email=1",
                "2026-12-07 pii log ip=1"), counts(report));
    }

    @Test
    void should_filter_the_counts_by_alias_tenant_and_range() {
        traffic();

        assertEquals(List.of("2026-12-07 injection block override=1", "2026-12-07 pii block email=1",
                "2026-12-07 pii log ip=1"), counts(admin("/admin/usage/guardrails?" + RANGE + "&tenant=globex")));
        assertEquals(List.of("2026-12-06 pii block card=2", "2026-12-06 pii block email=1",
                "2026-12-07 pii block email=1"), counts(admin("/admin/usage/guardrails?" + RANGE + "&model=payments")));
        assertEquals(List.of("2026-12-07 2/0/1/0"), days(admin(
                "/admin/usage/guardrails?from=2026-12-07T00:00:00Z&to=2026-12-08T00:00:00Z")));
        clock.advance(Duration.ofMinutes(1)); // day one's requests came at T0, now more than 24 hours ago
        JsonNode byDefault = admin("/admin/usage/guardrails");
        assertEquals(List.of("2026-12-07 2/0/1/0"), days(byDefault), "the last 24 hours on the gateway's clock");
        assertEquals(clock.instant().toString(), byDefault.get("to").asText());
    }

    @Test
    void should_refuse_a_bad_range_with_a_400_naming_it_and_need_the_admin_key() {
        for (String[] bad : new String[][] {{"from=yesterday", "from"}, {"to=soon", "to"},
                {"from=2026-12-08T00:00:00Z&to=2026-12-07T00:00:00Z", "from"}}) {
            HttpResponse<String> res = fx.get("/admin/usage/guardrails?" + bad[0], "Authorization", "Bearer adm-1");
            assertEquals(400, res.statusCode(), res.body());
            JsonNode error = json(res.body()).get("error");
            assertEquals(bad[1], error.get("param").asText(), res.body());
            assertEquals("invalid_request_error", error.get("type").asText());
        }
        assertEquals(401, fx.get("/admin/usage/guardrails").statusCode());
        assertEquals(401, fx.get("/admin/usage/guardrails", "Authorization", "Bearer sk-acme").statusCode());
    }
}
