package dev.reprise.gateway.dashboard;

import com.fasterxml.jackson.databind.JsonNode;
import dev.reprise.gateway.Gateway;
import dev.reprise.gateway.GatewayFixture;
import dev.reprise.models.wire.WireJson;
import dev.reprise.testing.TenantYaml;
import dev.reprise.testing.TestClock;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The dashboard's Variants panel in a real headless Chromium: callers split between two A/B variants of one alias on
 * the gateway's (injected) clock, outcomes reported through {@code POST /v1/feedback}, and the panel, over a custom
 * range holding that day, must put the variants side by side on mean score, labels, cost and latency.
 */
class DashboardVariantsTest {

    static final String ADMIN_KEY = "adm-variants";
    static final Instant DAY = Instant.parse("2026-12-03T10:00:00Z");

    static GatewayFixture gateway;
    static HeadlessChromium browser;
    static DashboardPage page;

    @BeforeAll
    static void sendTrafficRateItThenLogIn() {
        TestClock clock = new TestClock(DAY);
        gateway = GatewayFixture.start(GatewayFixture.config(TenantYaml.ACME_AND_GLOBEX + """
                admin:
                  key: %s
                models:
                  - name: support
                    provider: mock
                    latency: 0ms
                    price: { input: 1.0, output: 2.0 }
                    variants:
                      - { name: control, weight: 50 }
                      - { name: concise, weight: 50, prompt: "Answer in one sentence.", prompt-mode: prefix }
                  - name: plain
                    provider: mock
                    latency: 0ms
                ledger:
                  flush-interval: 1m
                """.formatted(ADMIN_KEY)), Gateway.Options.defaults().withClock(clock));
        // Three answers from each variant (each caller keeps its variant), and one from an alias without a split.
        Map<String, List<String>> ids = new HashMap<>();
        for (int user = 0; user < 100 && !(ids.size() == 2 && ids.values().stream().allMatch(l -> l.size() == 3));
             user++) {
            HttpResponse<String> res = ask("support", "user-" + user);
            List<String> list = ids.computeIfAbsent(res.headers().firstValue("x-reprise-variant").orElseThrow(),
                    v -> new ArrayList<>());
            if (list.size() < 3) {
                list.add(res.headers().firstValue("x-request-id").orElseThrow());
            }
        }
        String unsplit = ask("plain", "user-x").headers().firstValue("x-request-id").orElseThrow();
        // Control: two accepted answers and one rejected; concise: rejected twice, once without a score.
        rate(ids.get("control").get(0), "\"score\":1,\"label\":\"accepted\"");
        rate(ids.get("control").get(1), "\"score\":1,\"label\":\"accepted\"");
        rate(ids.get("control").get(2), "\"score\":0.4,\"label\":\"rejected\"");
        rate(ids.get("concise").get(0), "\"score\":0.2,\"label\":\"rejected\"");
        rate(ids.get("concise").get(1), "\"label\":\"rejected\"");
        rate(unsplit, "\"score\":0");

        browser = HeadlessChromium.start();
        page = DashboardPage.loggedIn(browser, gateway.gateway.url(), ADMIN_KEY);
        page.customRange("2026-12-03T00:00Z", "2026-12-04T00:00Z");
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

    private static HttpResponse<String> ask(String model, String user) {
        HttpResponse<String> res = gateway.post("/v1/chat/completions", "{\"model\":\"" + model + "\",\"user\":\""
                + user + "\",\"messages\":[{\"role\":\"user\",\"content\":\"question from " + user + "\"}]}",
                "Authorization", "Bearer " + TenantYaml.ACME_KEY);
        assertEquals(200, res.statusCode(), res.body());
        return res;
    }

    private static void rate(String requestId, String fields) {
        HttpResponse<String> res = gateway.post("/v1/feedback", "{\"request_id\":\"" + requestId + "\"," + fields + "}",
                "Authorization", "Bearer " + TenantYaml.ACME_KEY);
        assertEquals(200, res.statusCode(), res.body());
    }

    private static WebElement cell(String variant, String column) {
        return page.cell("panel-variants", "data-variant", variant, "td[data-col=\"" + column + "\"]");
    }

    @Test
    void should_put_each_variant_side_by_side_on_outcomes_cost_and_latency() {
        WebElement panel = page.byTestId("panel-variants");
        assertEquals("ready", panel.getDomAttribute("data-state"));
        List<String> rows = panel.findElements(By.cssSelector("tbody tr[data-variant]")).stream()
                .map(r -> r.getDomAttribute("data-alias") + "/" + r.getDomAttribute("data-variant")).toList();
        assertEquals(List.of("support/concise", "support/control"), rows, "the alias without a split has no row");
        assertTrue(page.value(cell("control", "requests")) >= 3);
        assertTrue(page.value(cell("concise", "requests")) >= 3);
        assertEquals(3, page.value(cell("control", "feedback")));
        assertEquals(2, page.value(cell("concise", "feedback")));
        assertEquals(0.8, page.value(cell("control", "mean-score")), 1e-9);
        assertEquals("0.80", cell("control", "mean-score").getText());
        assertEquals(0.2, page.value(cell("concise", "mean-score")), 1e-9, "a label alone has no score");
        assertEquals(0, page.value(cell("control", "errors")));
        assertTrue(page.value(cell("control", "cost")) > 0);
        assertTrue(page.value(cell("control", "cost-per-request")) > 0);
        assertEquals("accepted 2 · rejected 1", cell("control", "labels").getText());
        JsonNode labels = json(cell("concise", "labels").getDomAttribute("data-labels"));
        assertEquals(2, labels.get("rejected").asInt());
        assertEquals(1, labels.size());
    }

    @Test
    void should_chart_the_mean_score_of_each_variant() {
        WebElement panel = page.byTestId("panel-variants");
        List<String> tips = panel.findElements(By.cssSelector("svg rect.bar")).stream()
                .map(b -> b.findElement(By.tagName("title")).getAttribute("textContent")).toList();
        assertEquals(List.of("support / concise · mean score (0 bad, 1 good): 0.20",
                "support / control · mean score (0 bad, 1 good): 0.80"), tips);
    }

    @Test
    void should_fit_a_phone_and_save_screenshots() throws IOException {
        page.assertFitsAPhone("panel-variants", "variants");
    }

    private static JsonNode json(String text) {
        try {
            return WireJson.mapper().readTree(text);
        } catch (IOException e) {
            throw new AssertionError(text, e);
        }
    }
}
