package dev.reprise.gateway.dashboard;

import dev.reprise.gateway.Gateway;
import dev.reprise.gateway.GatewayFixture;
import dev.reprise.gateway.ledger.UsageLedger;
import dev.reprise.gateway.pipeline.SettledRequest;
import dev.reprise.gateway.pipeline.SettledRequest.GuardrailFacts;
import dev.reprise.testing.TenantYaml;
import dev.reprise.testing.TestClock;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The dashboard's guardrails panel in a real headless Chromium: PII prompts that one alias blocks and another
 * redacts go through the gateway on two days of its (injected) clock, an injection flagged and one blocked are
 * handed to the ledger directly (the detector is not wired into the stage yet), and the panel, over a custom range
 * holding both days, must show each day's blocks and redactions by kind.
 */
class DashboardGuardrailsTest {

    static final String ADMIN_KEY = "adm-guard";
    static final String CARD = "4527 8301 9366 1028";
    static final Instant DAY1 = Instant.parse("2026-12-03T10:00:00Z");

    static GatewayFixture gateway;
    static HeadlessChromium browser;
    static DashboardPage page;

    @BeforeAll
    static void sendTrafficThenLogIn() {
        TestClock clock = new TestClock(DAY1);
        gateway = GatewayFixture.start(GatewayFixture.config(TenantYaml.ACME_AND_GLOBEX + """
                admin:
                  key: %s
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
                """.formatted(ADMIN_KEY)), Gateway.Options.defaults().withClock(clock));
        UsageLedger ledger = gateway.gateway.ledger().orElseThrow();
        // Day one: two card prompts blocked (one with an e-mail), a phone number redacted, a flagged role-play.
        ask("sk-acme", "payments", "My card " + CARD + " was charged twice, mail ana.ruiz@example.com", 400);
        ask("sk-globex", "payments", "Refund card " + CARD + " please", 400);
        ask("sk-acme", "support", "Call me on +44 20 7946 0321", 200);
        ask("sk-acme", "support", "What are your opening hours?", 200);
        ledger.settled(injection("flagged", clock.instant(), "flag", "roleplay"));
        // Day two: e-mails redacted twice, an IP address only logged, an override blocked.
        clock.advance(Duration.ofDays(1));
        ask("sk-acme", "support", "I am ana.ruiz@example.com", 200);
        ask("sk-globex", "support", "Write to bo@example.org", 200);
        ask("sk-acme", "watched", "The server 192.168.10.24 is down", 200);
        ledger.settled(injection("blocked", clock.instant(), "block", "override"));
        ledger.flush();

        browser = HeadlessChromium.start();
        page = DashboardPage.loggedIn(browser, gateway.gateway.url(), ADMIN_KEY);
        page.customRange("2026-12-02T00:00Z", "2026-12-05T00:00Z");
    }

    @AfterAll
    static void stop() {
        try {
            if (browser != null) {
                browser.close();
            }
        } finally {
            if (gateway != null) {
                gateway.close();
            }
        }
    }

    private static void ask(String key, String model, String text, int status) {
        HttpResponse<String> res = gateway.post("/v1/chat/completions", GatewayFixture.chat(model, text),
                "Authorization", "Bearer " + key);
        assertEquals(status, res.statusCode(), res.body());
    }

    private static SettledRequest injection(String id, Instant at, String action, String category) {
        boolean blocked = action.equals("block");
        return new SettledRequest(id, at, "acme", "acme", "support", "support", null, null, null, "mock", null,
                blocked ? 0 : 1, null, SettledRequest.CacheFacts.NONE, blocked ? 400 : 200, null, Duration.ofMillis(3),
                null, SettledRequest.Tokens.NONE, 0, 0, false, null, null, SettledRequest.Kind.CHAT,
                GuardrailFacts.NONE.withInjection(action, category));
    }

    private static double cell(String day, String guardrail, String type, String action) {
        return page.value(page.byTestId("panel-guardrails").findElement(By.cssSelector("tr[data-day=\"" + day
                + "\"][data-guardrail=\"" + guardrail + "\"][data-type=\"" + type + "\"] td[data-col=\"" + action
                + "\"]")));
    }

    @Test
    void should_total_the_requests_each_action_touched_in_the_range() {
        assertEquals("ready", page.byTestId("panel-guardrails").getDomAttribute("data-state"));
        assertEquals(3, page.value("guardrails-blocked"), "two PII blocks and an injection");
        assertEquals(3, page.value("guardrails-redacted"));
        assertEquals(1, page.value("guardrails-logged"));
        assertEquals(1, page.value("guardrails-flagged"));
    }

    @Test
    void should_list_each_days_blocks_and_redactions_by_kind() {
        List<String> rows = page.byTestId("panel-guardrails").findElements(By.cssSelector("tbody tr[data-day]"))
                .stream().map(r -> r.getDomAttribute("data-day") + " " + r.getDomAttribute("data-guardrail") + " "
                        + r.getDomAttribute("data-type")).toList();
        assertEquals(List.of("2026-12-03 injection roleplay", "2026-12-03 pii card", "2026-12-03 pii email",
                "2026-12-03 pii phone", "2026-12-04 injection override", "2026-12-04 pii email",
                "2026-12-04 pii ip"), rows);
        assertEquals(2, cell("2026-12-03", "pii", "card", "block"));
        assertEquals(1, cell("2026-12-03", "pii", "email", "block"));
        assertEquals(1, cell("2026-12-03", "pii", "phone", "redact"));
        assertEquals(0, cell("2026-12-03", "pii", "phone", "block"));
        assertEquals(1, cell("2026-12-03", "injection", "roleplay", "flag"));
        assertEquals(2, cell("2026-12-04", "pii", "email", "redact"));
        assertEquals(1, cell("2026-12-04", "pii", "ip", "log"));
        assertEquals(1, cell("2026-12-04", "injection", "override", "block"));
    }

    @Test
    void should_draw_a_bar_per_day_for_each_kind_blocked_or_redacted() {
        WebElement panel = page.byTestId("panel-guardrails");
        List<String> legend = panel.findElements(By.cssSelector(".legend span")).stream().map(WebElement::getText)
                .toList();
        assertEquals(List.of("card blocked", "email blocked", "injection (override) blocked", "email redacted",
                "phone redacted"), legend, "logged and flagged findings are in the table only");
        List<WebElement> bars = panel.findElements(By.cssSelector("svg rect.bar"));
        assertEquals(3 * legend.size(), bars.size(), "the range's three days, each with a bar per kind");
        List<String> tips = bars.stream().map(b -> b.findElement(By.tagName("title")).getAttribute("textContent"))
                .toList();
        assertTrue(tips.contains("12-03 · card blocked: 2"), tips.toString());
        assertTrue(tips.contains("12-04 · email redacted: 2"), tips.toString());
        assertTrue(tips.contains("12-04 · injection (override) blocked: 1"), tips.toString());
    }

    @Test
    void should_fit_a_phone_and_save_screenshots() throws IOException {
        page.assertFitsAPhone("panel-guardrails", "guardrails");
    }
}
