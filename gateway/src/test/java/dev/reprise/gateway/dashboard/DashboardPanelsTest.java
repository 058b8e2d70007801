package dev.reprise.gateway.dashboard;

import com.fasterxml.jackson.databind.JsonNode;
import dev.reprise.gateway.GatewayFixture;
import dev.reprise.gateway.ledger.UsageLedger;
import dev.reprise.models.wire.WireJson;
import dev.reprise.testing.FakeUpstream;
import dev.reprise.testing.OpenAiReplies;
import dev.reprise.testing.TenantYaml;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The dashboard's panels in a real headless Chromium over a real gateway: traffic with known prices, cache
 * hits and fallbacks goes through the gateway first, then each panel must show the figures it caused.
 * Screenshots of the page at 1280x800 and 390x844 land in {@code target/screenshots}.
 */
class DashboardPanelsTest {

    static final String ADMIN_KEY = "adm-panels";
    /** The usage every upstream answer reports, so each request's cost is known from the catalogue's prices. */
    static final int PROMPT_TOKENS = 1000;
    static final int COMPLETION_TOKENS = 500;
    static final double CHAT_COST = cost(2.0, 4.0);
    static final double BACKUP_COST = cost(0.5, 1.0);
    static final Path SCREENSHOTS = Path.of("target", "screenshots");

    static FakeUpstream answering;
    static FakeUpstream failing;
    static GatewayFixture gateway;
    static HeadlessChromium browser;
    static DashboardPage page;
    static LocalDate trafficDay;

    @BeforeAll
    static void sendTrafficThenLogIn() throws IOException {
        answering = new FakeUpstream();
        answering.answer(OpenAiReplies.completion("answer", PROMPT_TOKENS, COMPLETION_TOKENS));
        // A 500 that makes the gateway fall back.
        failing = new FakeUpstream();
        failing.answer(OpenAiReplies.error(500, "upstream down", Map.of()));
        gateway = GatewayFixture.start(TenantYaml.ACME_AND_GLOBEX + """
                admin:
                  key: %s
                models:
                  - name: chat
                    provider: openai
                    model: gpt-chat
                    base-url: %s
                    api-key: sk-up
                    price: { input: 2.0, output: 4.0 }
                    cache-threshold: 0.80
                  - name: flaky
                    provider: openai
                    model: gpt-flaky
                    base-url: %s
                    api-key: sk-up
                    price: { input: 1.0, output: 1.0 }
                    retry: { max-attempts: 1 }
                    fallbacks: [backup]
                  - name: backup
                    provider: openai
                    model: gpt-backup
                    base-url: %s
                    api-key: sk-up
                    price: { input: 0.5, output: 1.0 }
                  - name: broken
                    provider: openai
                    model: gpt-broken
                    base-url: %s
                    api-key: sk-up
                    retry: { max-attempts: 1 }
                cache:
                  similarity-threshold: 0.95
                ledger:
                  flush-interval: 1m
                """.formatted(ADMIN_KEY, answering.baseUrl() + "/v1", failing.baseUrl() + "/v1",
                answering.baseUrl() + "/v1", failing.baseUrl() + "/v1"));
        trafficDay = LocalDate.now(ZoneOffset.UTC);
        ask("sk-acme", "chat", "How do I reset my password?", 200, "miss");
        ask("sk-acme", "chat", "What are your opening hours on Sunday?", 200, "miss");
        ask("sk-acme", "chat", "Is there a student discount?", 200, "miss");
        ask("sk-acme", "chat", "What are your opening hours on Sunday?", 200, "hit-exact");
        ask("sk-acme", "chat", "How can I reset my password?", 200, "hit-semantic");
        HttpResponse<String> fellBack = ask("sk-globex", "flaky", "Where is my parcel?", 200, "miss");
        assertTrue(fellBack.headers().firstValue("x-reprise-fallback").isPresent(), fellBack.headers().map().toString());
        ask("sk-globex", "flaky", "Can I get a refund for a damaged item?", 200, "miss");
        ask("sk-globex", "broken", "Hello there", 502, null);
        assertEquals(5, answering.requests().size(), "three misses on chat, two fallbacks to backup");
        awaitLedgerRows(8);

        browser = HeadlessChromium.start();
        page = new DashboardPage(browser, gateway.gateway.url()).open();
        page.logIn(ADMIN_KEY);
        assertEquals("board", page.view());
        page.clickAndWaitForRefresh(page.byTestId("range-picker").findElement(By.cssSelector("[data-range=\"1h\"]")));
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
            if (answering != null) {
                answering.close();
            }
            if (failing != null) {
                failing.close();
            }
        }
    }

    @BeforeEach
    void laptopScreen() {
        browser.viewport(1280, 800);
    }

    /** What one answered request costs at these prices per million tokens. */
    private static double cost(double inputPerMillion, double outputPerMillion) {
        return (PROMPT_TOKENS * inputPerMillion + COMPLETION_TOKENS * outputPerMillion) / 1_000_000;
    }

    private static HttpResponse<String> ask(String key, String model, String text, int status, String cache) {
        HttpResponse<String> res = gateway.post("/v1/chat/completions", GatewayFixture.chat(model, text),
                "Authorization", "Bearer " + key);
        assertEquals(status, res.statusCode(), res.body());
        if (cache != null) {
            assertEquals(cache, res.headers().firstValue("x-reprise-cache").orElse("(none)"), text);
        }
        // The next question must find this answer in the cache: wait for the store, off the response path.
        assertTrue(gateway.gateway.cache().orElseThrow().awaitPendingWrites(Duration.ofSeconds(10)));
        return res;
    }

    /**
     * A request settles just after its answer is sent, and the ledger writes in batches: flush until all the
     * traffic is readable (bounded; each round is a flush, not a guess at timing).
     */
    private static void awaitLedgerRows(int expected) {
        UsageLedger ledger = gateway.gateway.ledger().orElseThrow();
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        long seen;
        do {
            ledger.flush();
            seen = api("/admin/usage", "group_by", "model").path("data").findValues("requests").stream()
                    .mapToLong(JsonNode::asLong).sum();
            if (seen < expected) {
                LockSupport.parkNanos(Duration.ofMillis(20).toNanos());
            }
        } while (seen < expected && System.nanoTime() < deadline);
        assertEquals(expected, seen, "requests in the ledger");
    }

    // --- the four figures the issue asks for -------------------------------------------------------------

    @Test
    void should_show_requests_per_model() {
        assertEquals(8, page.value("figure-requests-total"));
        Map<String, Double> perModel = page.allByTestId("figure-requests-model").stream()
                .collect(Collectors.toMap(e -> e.getDomAttribute("data-model"), page::value));
        assertEquals(Map.of("chat", 5.0, "flaky", 2.0, "broken", 1.0), perModel);
        assertTrue(page.byTestId("figure-requests").getText().contains("chat\n5"), page.byTestId("figure-requests").getText());
    }

    @Test
    void should_show_the_cost_of_today_and_what_the_cache_saved() {
        double cost = 3 * CHAT_COST + 2 * BACKUP_COST;
        double saved = 2 * CHAT_COST;
        assertClose(cost, page.value("figure-cost-range"));
        if (trafficDay.equals(LocalDate.now(ZoneOffset.UTC))) {
            assertClose(cost, page.value("figure-cost-today-value"));
            assertClose(saved, page.value("figure-saved-today"));
            assertEquals("$0.014", page.byTestId("figure-cost-today-value").getText());
        }
    }

    @Test
    void should_show_the_cache_hit_rate() {
        assertClose(2.0 / 8, page.value("figure-hit-rate-value"));
        assertEquals("25.0 %", page.byTestId("figure-hit-rate-value").getText());
        assertEquals("2 of 8 requests · exact 1, semantic 1", page.byTestId("figure-hit-rate-detail").getText());
    }

    @Test
    void should_show_the_number_of_fallbacks() {
        assertEquals(2, page.value("figure-fallbacks-value"));
        assertEquals(1, page.value("figure-errors"));
    }

    // --- the panels --------------------------------------------------------------------------------------

    @Test
    void should_draw_requests_per_model_over_time() {
        WebElement panel = page.byTestId("panel-requests-by-model");
        assertEquals(5, sum(panel, "td[data-model=\"chat\"]"));
        assertEquals(2, sum(panel, "td[data-model=\"flaky\"]"));
        assertEquals(1, sum(panel, "td[data-model=\"broken\"]"));
        assertEquals(3, panel.findElements(By.cssSelector("svg polyline")).size(), "one line per model");
    }

    @Test
    void should_draw_cost_per_day_with_the_savings_beside_it() {
        WebElement panel = page.byTestId("panel-cost-per-day");
        assertClose(3 * CHAT_COST + 2 * BACKUP_COST, sum(panel, "td[data-col=\"cost\"]"));
        assertClose(2 * CHAT_COST, sum(panel, "td[data-col=\"saved\"]"));
        assertEquals(8, sum(panel, "td[data-col=\"requests\"]"));
    }

    @Test
    void should_draw_the_hit_rate_by_tier() {
        WebElement panel = page.byTestId("panel-hit-rate");
        List<WebElement> rows = panel.findElements(By.cssSelector("tbody tr[data-bucket]"));
        assertTrue(!rows.isEmpty());
        double requests = 0;
        double exact = 0;
        double semantic = 0;
        for (WebElement row : rows) {
            double n = page.value(row.findElement(By.cssSelector("td[data-col=\"requests\"]")));
            requests += n;
            exact += n * page.value(row.findElement(By.cssSelector("td[data-col=\"exact\"]")));
            semantic += n * page.value(row.findElement(By.cssSelector("td[data-col=\"semantic\"]")));
        }
        assertEquals(8, requests);
        assertClose(1, exact);
        assertClose(1, semantic);
    }

    @Test
    void should_draw_the_similarity_histogram_with_the_thresholds_marked() {
        WebElement panel = page.byTestId("panel-similarity");
        JsonNode api = api("/admin/usage/similarity", "bins", "20");
        assertEquals(api.path("lookups").asDouble(), page.value("similarity-lookups"));
        assertTrue(api.path("lookups").asInt() >= 1, "the paraphrase's lookup at least: " + api);
        List<WebElement> bins = panel.findElements(By.cssSelector("tbody tr[data-from]"));
        assertEquals(api.path("bins").size(), bins.size());
        for (int i = 0; i < bins.size(); i++) {
            assertEquals(api.path("bins").path(i).path("count").asDouble(),
                    page.value(bins.get(i).findElement(By.cssSelector("td[data-col=\"count\"]"))));
        }
        Map<String, Double> thresholds = panel.findElements(By.cssSelector("[data-testid=\"similarity-threshold\"]"))
                .stream().collect(Collectors.toMap(e -> e.getDomAttribute("data-model"), page::value));
        assertEquals(0.80, thresholds.get("chat"));
        assertEquals(0.95, thresholds.get("flaky"));
        assertTrue(panel.findElements(By.cssSelector("svg line.marker")).size() >= 2, "a marker per threshold");
    }

    @Test
    void should_draw_fallbacks_and_errors_and_list_the_requests_that_fell_back() {
        WebElement panel = page.byTestId("panel-fallbacks");
        assertEquals(2, sum(panel, "td[data-col=\"fallbacks\"]"));
        assertEquals(1, sum(panel, "td[data-col=\"errors\"]"));
        List<WebElement> rows = page.allByTestId("fallback-row");
        assertEquals(2, rows.size());
        JsonNode api = api("/admin/requests", "fallback", "true");
        for (int i = 0; i < rows.size(); i++) {
            JsonNode r = api.path("data").path(i);
            WebElement row = rows.get(i);
            assertEquals(r.path("request_id").asText(), row.getDomAttribute("data-request-id"));
            assertEquals("flaky", row.findElement(By.cssSelector("td[data-col=\"alias\"]")).getText());
            assertEquals(r.path("fallback_from").asText() + " → " + r.path("fallback_to").asText(),
                    row.findElement(By.cssSelector("td[data-col=\"route\"]")).getText());
            assertEquals(r.path("fallback_reason").asText(),
                    row.findElement(By.cssSelector("td[data-col=\"reason\"]")).getText());
            assertTrue(!r.path("fallback_reason").asText().isBlank(), r.toString());
        }
    }

    @Test
    void should_draw_latency_per_model_as_the_ledger_reports_it() {
        JsonNode api = api("/admin/usage", "group_by", "model");
        assertEquals(3, api.path("data").size(), api.toString());
        for (JsonNode row : api.path("data")) {
            String model = row.path("group").asText();
            assertClose(row.path("latency_p50_ms").asDouble(),
                    page.value(page.cell("panel-latency", "data-model", model, "td[data-col=\"p50\"]")));
            assertClose(row.path("latency_p95_ms").asDouble(),
                    page.value(page.cell("panel-latency", "data-model", model, "td[data-col=\"p95\"]")));
        }
        assertEquals(6, page.byTestId("panel-latency").findElements(By.cssSelector("svg rect.bar")).size(),
                "p50 and p95 for each of three models");
    }

    @Test
    void should_rank_tenants_by_cost() {
        WebElement panel = page.byTestId("panel-tenants");
        List<String> order = panel.findElements(By.cssSelector("tbody tr[data-tenant]")).stream()
                .map(e -> e.getDomAttribute("data-tenant")).toList();
        assertEquals(List.of("acme", "globex"), order);
        assertClose(3 * CHAT_COST, page.value(page.cell("panel-tenants", "data-tenant", "acme", "td[data-col=\"cost\"]")));
        assertClose(2 * CHAT_COST, page.value(page.cell("panel-tenants", "data-tenant", "acme", "td[data-col=\"saved\"]")));
        assertClose(2 * BACKUP_COST, page.value(page.cell("panel-tenants", "data-tenant", "globex", "td[data-col=\"cost\"]")));
        assertEquals(3, page.value(page.cell("panel-tenants", "data-tenant", "globex", "td[data-col=\"requests\"]")));
    }

    // --- range and layout --------------------------------------------------------------------------------

    @Test
    void should_show_the_same_totals_over_every_range_that_holds_the_traffic() {
        try {
            for (String range : List.of("24h", "7d", "30d")) {
                page.clickAndWaitForRefresh(page.byTestId("range-picker")
                        .findElement(By.cssSelector("[data-range=\"" + range + "\"]")));
                assertEquals(8, page.value("figure-requests-total"), range);
                assertEquals(2, page.value("figure-fallbacks-value"), range);
            }
            Instant before = Instant.now().minus(Duration.ofDays(3));
            page.customRange(before.minus(Duration.ofHours(1)).toString(), before.toString());
            assertEquals(0, page.value("figure-requests-total"), "a range before any traffic");
            page.customRange(Instant.now().minus(Duration.ofHours(2)).toString(),
                    Instant.now().plus(Duration.ofMinutes(5)).toString());
            assertEquals(8, page.value("figure-requests-total"));
        } finally {
            page.clickAndWaitForRefresh(page.byTestId("range-picker").findElement(By.cssSelector("[data-range=\"1h\"]")));
        }
    }

    @Test
    void should_be_readable_on_a_laptop_and_a_phone_and_save_screenshots() throws IOException {
        Files.createDirectories(SCREENSHOTS);
        assertNoSidewaysScroll();
        browser.screenshot(SCREENSHOTS.resolve("dashboard-1280x800.png"));
        // A full-page capture resizes the viewport for a moment (its scrollbar goes): check the layout first.
        browser.fullPageScreenshot(SCREENSHOTS.resolve("dashboard-1280-full.png"));
        browser.viewport(390, 844);
        page.waitFor("the charts redrawn at phone width", () -> ((Number) browser.script(
                "return document.querySelector('[data-testid=\"panel-requests-by-model\"] svg').width.baseVal.value;"))
                .doubleValue() < 390);
        assertNoSidewaysScroll();
        browser.screenshot(SCREENSHOTS.resolve("dashboard-390x844.png"));
        browser.fullPageScreenshot(SCREENSHOTS.resolve("dashboard-390-full.png"));
        assertTrue(Files.size(SCREENSHOTS.resolve("dashboard-390x844.png")) > 10_000);
    }

    private static void assertNoSidewaysScroll() {
        Number scroll = (Number) browser.script("return document.documentElement.scrollWidth;");
        Number width = (Number) browser.script("return document.documentElement.clientWidth;");
        assertTrue(scroll.intValue() <= width.intValue(), "the page scrolls sideways: " + scroll + " > " + width);
    }

    // --- helpers -----------------------------------------------------------------------------------------

    private static double sum(WebElement panel, String cells) {
        return panel.findElements(By.cssSelector("tbody " + cells)).stream().mapToDouble(page::value).sum();
    }

    private static void assertClose(double expected, double actual) {
        assertEquals(expected, actual, 1e-9, () -> "expected " + expected + " but was " + actual);
    }

    /** What the admin API answers for the last hour, as the page asked it. */
    private static JsonNode api(String path, String... params) {
        Instant to = Instant.now();
        StringBuilder query = new StringBuilder("?from=" + to.minus(Duration.ofHours(1)) + "&to=" + to);
        for (int i = 0; i < params.length; i += 2) {
            query.append('&').append(params[i]).append('=').append(URLEncoder.encode(params[i + 1], StandardCharsets.UTF_8));
        }
        HttpResponse<String> res = gateway.get(path + query, "Authorization", "Bearer " + ADMIN_KEY);
        assertEquals(200, res.statusCode(), res.body());
        try {
            return WireJson.mapper().readTree(res.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
