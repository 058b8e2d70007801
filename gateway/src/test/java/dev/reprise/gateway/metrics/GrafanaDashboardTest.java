package dev.reprise.gateway.metrics;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.reprise.gateway.GatewayFixture;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The Grafana dashboard shipped in {@code gateway/grafana/} must only query metrics the gateway exports: after
 * traffic that makes every kind of meter appear (hits by both tiers, a stream, a fallback), every metric name in
 * every panel's query is in {@code /metrics}.
 */
class GrafanaDashboardTest {

    private static final Path DASHBOARD = Path.of("grafana", "reprise-dashboard.json");
    /** A metric name in PromQL: ours all start with one of these prefixes. */
    private static final Pattern METRIC = Pattern.compile("\\b((?:reprise|gen_ai)_[a-z0-9_]+)");
    private static final Pattern EXPORTED = Pattern.compile("(?m)^([a-zA-Z_:][a-zA-Z0-9_:]*)[{ ]");
    /** The labels a query aggregates by; removed before metric names are read, checked on their own. */
    private static final Pattern BY = Pattern.compile("\\bby\\s*\\(([^)]*)\\)");
    private static final Pattern LEGEND_LABEL = Pattern.compile("\\{\\{\\s*([a-z_]+)\\s*}}");

    @Test
    void should_query_only_metrics_and_labels_the_gateway_exports() throws IOException {
        Set<String> metrics = new TreeSet<>();
        Set<String> labels = new TreeSet<>();
        readQueries(metrics, labels);
        assertTrue(metrics.size() >= 10, "the dashboard queries " + metrics);
        String scraped = scrapeAfterTraffic();
        Set<String> exported = new TreeSet<>();
        Matcher m = EXPORTED.matcher(scraped);
        while (m.find()) {
            exported.add(m.group(1));
        }
        Set<String> missing = new TreeSet<>(metrics);
        missing.removeAll(exported);
        assertEquals(Set.of(), missing, "queried by the dashboard but not exported; exported: " + exported);
        Set<String> missingLabels = new TreeSet<>();
        for (String label : labels) {
            if (!label.equals("le") && !scraped.contains(label + "=\"")) {
                missingLabels.add(label);
            }
        }
        assertEquals(Set.of(), missingLabels, "labels the dashboard groups or names by that no metric has");
    }

    private static void readQueries(Set<String> metrics, Set<String> labels) throws IOException {
        JsonNode dashboard = new ObjectMapper().readTree(Files.readString(DASHBOARD));
        for (JsonNode panel : dashboard.path("panels")) {
            assertTrue(panel.path("targets").size() > 0, "panel without a query: " + panel.path("title"));
            for (JsonNode target : panel.path("targets")) {
                String expr = target.path("expr").asText();
                Matcher by = BY.matcher(expr);
                while (by.find()) {
                    for (String label : by.group(1).split(",")) {
                        labels.add(label.strip());
                    }
                }
                Matcher m = METRIC.matcher(BY.matcher(expr).replaceAll(""));
                while (m.find()) {
                    metrics.add(m.group(1));
                }
                Matcher legend = LEGEND_LABEL.matcher(target.path("legendFormat").asText());
                while (legend.find()) {
                    labels.add(legend.group(1));
                }
            }
        }
    }

    private static String scrapeAfterTraffic() {
        // "flaky" cannot be reached (port 1 refuses), so its requests fall back to the mock.
        try (GatewayFixture fx = GatewayFixture.start(GatewayFixture.config("""
                models:
                  - name: mock
                    provider: mock
                    latency: 0ms
                    price: { input: 0.15, output: 0.60 }
                  - name: flaky
                    provider: openai
                    model: gpt-x
                    base-url: http://127.0.0.1:1
                    api-key: sk-test
                    retry: { max-attempts: 1 }
                    fallbacks: [mock]
                cache:
                  similarity-threshold: 0.90
                """), dev.reprise.gateway.Gateway.Options.defaults())) {
            ask(fx, GatewayFixture.chat("mock", "How do I reset my password?"));
            ask(fx, GatewayFixture.chat("mock", "How do I reset my password?"));
            ask(fx, GatewayFixture.chat("mock", "how do i reset my password please"));
            ask(fx, "{\"model\":\"mock\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"tell me a story\"}]}");
            ask(fx, GatewayFixture.chat("flaky", "where is my parcel"));
            return fx.get("/metrics").body();
        }
    }

    private static void ask(GatewayFixture fx, String body) {
        HttpResponse<String> res = fx.post("/v1/chat/completions", body);
        assertEquals(200, res.statusCode(), res.body());
    }
}
