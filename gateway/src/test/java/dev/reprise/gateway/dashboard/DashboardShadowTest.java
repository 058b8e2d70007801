package dev.reprise.gateway.dashboard;

import dev.reprise.gateway.Gateway;
import dev.reprise.gateway.GatewayFixture;
import dev.reprise.testing.FakeUpstream;
import dev.reprise.testing.TenantYaml;
import dev.reprise.testing.TestClock;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The dashboard's Shadow traffic panel in a real headless Chromium: requests to an alias with two candidates (one
 * that answers, one whose upstream refuses connections) go through the gateway on two days of its injected clock, and
 * the panel, over a custom range holding both, must show each hour's pairs with their requests, errors and answer
 * similarity, and draw both sides' latency.
 */
class DashboardShadowTest {

    static final String ADMIN_KEY = "adm-shadow";
    static final Instant DAY1 = Instant.parse("2026-12-03T10:00:00Z");
    static final Duration WAIT = Duration.ofSeconds(30);

    static GatewayFixture gateway;
    static HeadlessChromium browser;
    static DashboardPage page;

    @BeforeAll
    static void sendTrafficThenLogIn() throws IOException, InterruptedException {
        TestClock clock = new TestClock(DAY1);
        gateway = GatewayFixture.start(GatewayFixture.config(TenantYaml.ACME_AND_GLOBEX + """
                admin:
                  key: %s
                models:
                  - name: support
                    provider: mock
                    latency: 0ms
                    shadow:
                      - { alias: next, share: 1.0 }
                      - { alias: broken, share: 1.0 }
                  - name: next
                    provider: mock
                    latency: 0ms
                  - name: broken
                    provider: openai
                    model: gpt-gone
                    base-url: http://127.0.0.1:%d/v1
                    api-key: sk-none
                    retry: { max-attempts: 1 }
                ledger:
                  flush-interval: 1m
                """.formatted(ADMIN_KEY, FakeUpstream.closedPort())), Gateway.Options.defaults().withClock(clock));
        ask("What are your opening hours?");
        ask("How do I reset my password?");
        awaitShadows(4);
        clock.advance(Duration.ofDays(1));
        ask("Where is my parcel?");
        awaitShadows(6);
        gateway.gateway.ledger().orElseThrow().flush();

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

    private static void ask(String text) {
        HttpResponse<String> res = gateway.post("/v1/chat/completions", GatewayFixture.chat("support", text),
                "Authorization", "Bearer " + TenantYaml.ACME_KEY);
        assertEquals(200, res.statusCode(), res.body());
    }

    private static void awaitShadows(long count) throws InterruptedException {
        assertTrue(gateway.gateway.shadows().orElseThrow().awaitHandled(count, WAIT), "shadow calls not done");
    }

    private static WebElement row(String bucket, String candidate) {
        return page.byTestId("panel-shadow").findElement(By.cssSelector("tr[data-bucket=\"" + bucket
                + "\"][data-candidate=\"" + candidate + "\"]"));
    }

    private static double cell(String bucket, String candidate, String col) {
        return page.value(row(bucket, candidate).findElement(By.cssSelector("td[data-col=\"" + col + "\"]")));
    }

    @Test
    void should_list_each_hours_pairs_with_requests_errors_and_similarity() {
        assertEquals("ready", page.byTestId("panel-shadow").getDomAttribute("data-state"));
        assertEquals(6, page.value("shadow-requests"), "three requests, each copied to two candidates");
        List<String> rows = page.byTestId("panel-shadow").findElements(By.cssSelector("tr[data-testid=\"shadow-row\"]"))
                .stream().map(r -> r.getDomAttribute("data-bucket") + " " + r.getDomAttribute("data-primary") + " "
                        + r.getDomAttribute("data-candidate")).toList();
        assertEquals(List.of("2026-12-03T10:00:00Z support broken", "2026-12-03T10:00:00Z support next",
                "2026-12-04T10:00:00Z support broken", "2026-12-04T10:00:00Z support next"), rows);
        assertEquals(2, cell("2026-12-03T10:00:00Z", "next", "requests"));
        assertEquals(0, cell("2026-12-03T10:00:00Z", "next", "candidate-errors"));
        assertEquals(0, cell("2026-12-03T10:00:00Z", "next", "primary-errors"));
        assertEquals(2, cell("2026-12-03T10:00:00Z", "broken", "candidate-errors"));
        assertEquals(1, cell("2026-12-04T10:00:00Z", "broken", "candidate-errors"));
        assertEquals(1.0, cell("2026-12-03T10:00:00Z", "next", "similarity"), 0.01,
                "the mock answers the same question the same way");
        assertEquals(1.0, cell("2026-12-04T10:00:00Z", "next", "alike"));
        assertEquals(0.0, cell("2026-12-04T10:00:00Z", "broken", "alike"));
        assertTrue(row("2026-12-04T10:00:00Z", "broken").findElement(By.cssSelector("td[data-col=\"similarity\"]"))
                .getAttribute("textContent").equals("–"), "no similarity without the candidate's answer");
    }

    @Test
    void should_draw_both_sides_latency_for_each_pair() {
        WebElement panel = page.byTestId("panel-shadow");
        List<String> legend = panel.findElements(By.cssSelector(".legend span")).stream().map(WebElement::getText)
                .toList();
        assertEquals(List.of("support → broken: primary p50", "support → broken: candidate p50",
                "support → next: primary p50", "support → next: candidate p50"), legend);
        assertEquals(4, panel.findElements(By.cssSelector("svg polyline.line")).size());
    }

    @Test
    void should_save_a_screenshot() throws IOException {
        Files.createDirectories(DashboardPanelsTest.SCREENSHOTS);
        browser.script("document.querySelector('[data-testid=\"panel-shadow\"]').scrollIntoView();");
        browser.screenshot(DashboardPanelsTest.SCREENSHOTS.resolve("dashboard-shadow-1280x800.png"));
    }
}
