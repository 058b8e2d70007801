package dev.reprise.gateway.dashboard;

import dev.reprise.gateway.Gateway;
import dev.reprise.gateway.GatewayFixture;
import dev.reprise.testing.FakeUpstream;
import dev.reprise.testing.OpenAiReplies;
import dev.reprise.testing.TestClock;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.time.Instant;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The dashboard's budget panel in a real headless Chromium: after traffic whose cost is known ($0.25 an answer),
 * each budget (a key's, a tenant's, an alias's) shows its spend against its limit, its share and its reset.
 */
class DashboardBudgetsTest {

    static final String ADMIN_KEY = "adm-budgets";
    /** A Thursday afternoon: the day resets at midnight, the week on Monday, the month on January 1st. */
    static final Instant NOW = Instant.parse("2026-12-03T15:00:00Z");

    static FakeUpstream upstream;
    static GatewayFixture gateway;
    static HeadlessChromium browser;
    static DashboardPage page;

    @BeforeAll
    static void spendThenLogIn() throws IOException {
        upstream = new FakeUpstream();
        upstream.answer(OpenAiReplies.completion("answer", 1000, 0));
        gateway = GatewayFixture.start(GatewayFixture.config("""
                keys:
                  - { id: app, key: sk-app, tenant: acme, budget: { usd: 1, period: day, soft-limit: 0.5 } }
                  - { id: ops, key: sk-ops, tenant: acme }
                admin:
                  key: %s
                models:
                  - name: chat
                    provider: openai
                    model: gpt-chat
                    base-url: %s
                    api-key: sk-up
                    price: { input: 250, output: 0 }
                  - name: dear
                    provider: openai
                    model: gpt-dear
                    base-url: %s
                    api-key: sk-up
                    price: { input: 250, output: 0 }
                ledger:
                  flush-interval: 1m
                budgets:
                  tenants:
                    acme: { usd: 10, period: month }
                  aliases:
                    dear: { usd: 0.25, period: week }
                """.formatted(ADMIN_KEY, upstream.baseUrl() + "/v1", upstream.baseUrl() + "/v1")),
                Gateway.Options.defaults().withClock(new TestClock(NOW)));
        for (int i = 0; i < 3; i++) {
            ask("sk-app", "chat", 200);
        }
        ask("sk-ops", "dear", 200);
        ask("sk-ops", "dear", 429);

        browser = HeadlessChromium.start();
        page = DashboardPage.loggedIn(browser, gateway.gateway.url(), ADMIN_KEY);
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
            if (upstream != null) {
                upstream.close();
            }
        }
    }

    private static void ask(String key, String model, int status) {
        HttpResponse<String> res = gateway.post("/v1/chat/completions", GatewayFixture.chat(model, "How much?"),
                "Authorization", "Bearer " + key);
        assertEquals(status, res.statusCode(), res.body());
    }

    private static WebElement row(String scope, String id) {
        return page.byTestId("panel-budgets").findElement(By.cssSelector(
                "tr[data-scope=\"" + scope + "\"][data-id=\"" + id + "\"]"));
    }

    private static String cell(WebElement row, String col) {
        return row.findElement(By.cssSelector("td[data-col=\"" + col + "\"]")).getText();
    }

    private static double value(WebElement row, String col) {
        return page.value(row.findElement(By.cssSelector("td[data-col=\"" + col + "\"]")));
    }

    @Test
    void should_list_each_budget_keys_first_then_tenants_then_aliases() {
        List<String> rows = page.allByTestId("budget-row").stream()
                .map(r -> r.getDomAttribute("data-scope") + ":" + r.getDomAttribute("data-id")).toList();
        assertEquals(List.of("key:app", "tenant:acme", "alias:dear"), rows, "a key without a budget is not listed");
        assertEquals("ready", page.byTestId("panel-budgets").getDomAttribute("data-state"));
    }

    @Test
    void should_show_a_keys_spend_against_its_budget() {
        WebElement app = row("key", "app");
        assertEquals(0.75, value(app, "spent"), 1e-12);
        assertEquals(1.0, value(app, "limit"));
        assertEquals(0.75, value(app, "share"), 1e-12);
        assertEquals("$0.75", cell(app, "spent"));
        assertEquals("$1.00", cell(app, "limit"));
        assertEquals("75.0 %", cell(app, "share"));
        assertEquals("day", cell(app, "period"));
        assertEquals("2026-12-04 00:00 UTC", cell(app, "resets"));
        assertEquals("warning", app.getDomAttribute("data-state"), "past its soft limit of 50%");
        assertEquals("0.75", app.findElement(By.tagName("meter")).getDomProperty("value"));
    }

    @Test
    void should_show_tenant_and_alias_budgets_and_mark_a_spent_one() {
        WebElement acme = row("tenant", "acme");
        assertEquals(1.0, value(acme, "spent"), 1e-12, "both keys of the tenant");
        assertEquals("ok", acme.getDomAttribute("data-state"));
        assertEquals("2027-01-01 00:00 UTC", cell(acme, "resets"));
        WebElement dear = row("alias", "dear");
        assertEquals(0.25, value(dear, "spent"), 1e-12, "the refused request cost nothing");
        assertEquals("exceeded", dear.getDomAttribute("data-state"));
        assertEquals("2026-12-07 00:00 UTC", cell(dear, "resets"));
    }

    @Test
    void should_fit_a_phone_and_save_a_screenshot() throws IOException {
        Files.createDirectories(DashboardPanelsTest.SCREENSHOTS);
        browser.viewport(390, 844);
        try {
            Number scroll = (Number) browser.script("return document.documentElement.scrollWidth;");
            Number width = (Number) browser.script("return document.documentElement.clientWidth;");
            assertTrue(scroll.intValue() <= width.intValue(), "the page scrolls sideways: " + scroll + " > " + width);
            browser.script("document.querySelector('[data-testid=\"panel-budgets\"]').scrollIntoView();");
            browser.screenshot(DashboardPanelsTest.SCREENSHOTS.resolve("dashboard-budgets-390x844.png"));
        } finally {
            browser.viewport(1280, 800);
        }
        browser.script("document.querySelector('[data-testid=\"panel-budgets\"]').scrollIntoView();");
        browser.screenshot(DashboardPanelsTest.SCREENSHOTS.resolve("dashboard-budgets-1280x800.png"));
    }
}
