package dev.reprise.gateway.cache;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.reprise.gateway.Gateway;
import dev.reprise.gateway.GatewayFixture;
import dev.reprise.gateway.querylog.QueryLog;
import dev.reprise.models.wire.WireJson;
import dev.reprise.testing.TenantYaml;
import dev.reprise.testing.TestClock;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The query log through the real server: requests with and without {@code x-reprise-intent}, the export in the
 * evaluator's stream format, its filters, feedback, and its errors. The real MiniLM model and a real Lucene index
 * serve the cache. Each test moves the injected clock a day on and exports from there, so tests sharing the
 * server see only their own queries.
 */
class QueryLogEndToEndTest {

    static final String ADMIN = "admin-secret";
    static final String KEY_A = TenantYaml.TENANT_A_KEY;
    static final String KEY_B = TenantYaml.TENANT_B_KEY;

    static final String YAML = TenantYaml.TENANTS_A_B + """
            admin:
              key: admin-secret
            models:
              - name: mock
                provider: mock
                latency: 0ms
              - name: support
                provider: mock
                latency: 0ms
                cache-threshold: 0.80
            cache:
              commit-interval: 200ms
              query-log:
                enabled: true
            """;

    static GatewayFixture fixture;
    static TestClock clock;
    static ResponseCache cache;
    static QueryLog log;
    Instant testStart;

    @BeforeAll
    static void start() {
        clock = new TestClock(Instant.parse("2025-06-01T08:00:00Z"));
        fixture = GatewayFixture.start(GatewayFixture.config(YAML), Gateway.Options.defaults().withClock(clock));
        cache = fixture.gateway.cache().orElseThrow();
        log = fixture.gateway.queryLog().orElseThrow();
    }

    @AfterAll
    static void stop() {
        fixture.close();
    }

    @BeforeEach
    void newDay() {
        clock.advance(Duration.ofDays(1));
        testStart = clock.instant();
    }

    // --- helpers -------------------------------------------------------------------------------------

    static HttpResponse<String> ask(String model, String text, String key, String... headers) {
        return send(body(model, null, text), key, headers);
    }

    /** A chat body; a system prompt of the test's own gives it a namespace no other test writes to. */
    static ObjectNode body(String model, String system, String text) {
        ObjectNode body = WireJson.mapper().createObjectNode();
        body.put("model", model);
        var messages = body.putArray("messages");
        if (system != null) {
            messages.addObject().put("role", "system").put("content", system);
        }
        messages.addObject().put("role", "user").put("content", text);
        return body;
    }

    static HttpResponse<String> send(ObjectNode body, String key, String... headers) {
        List<String> all = new ArrayList<>(List.of("Authorization", "Bearer " + key));
        all.addAll(List.of(headers));
        HttpResponse<String> r = fixture.post("/v1/chat/completions", body.toString(), all.toArray(String[]::new));
        assertTrue(cache.awaitPendingWrites(Duration.ofSeconds(10)));
        assertTrue(log.awaitWrites(Duration.ofSeconds(10)));
        return r;
    }

    static HttpResponse<String> export(String query, String... auth) {
        String[] headers = auth.length > 0 ? auth : new String[]{"Authorization", "Bearer " + ADMIN};
        return fixture.get("/admin/cache/export" + query, headers);
    }

    /** This test's queries: everything logged since it started, plus {@code more} query parameters. */
    List<JsonNode> exported(String more) {
        HttpResponse<String> r = export("?since=" + URLEncoder.encode(testStart.toString(), StandardCharsets.UTF_8) + more);
        assertEquals(200, r.statusCode(), r.body());
        assertEquals("application/x-ndjson", r.headers().firstValue("content-type").orElseThrow());
        return lines(r.body());
    }

    static List<JsonNode> lines(String body) {
        List<JsonNode> out = new ArrayList<>();
        for (String line : body.split("\n")) {
            if (!line.isEmpty()) {
                try {
                    out.add(WireJson.mapper().readTree(line));
                } catch (IOException e) {
                    throw new UncheckedIOException("not a JSON line: " + line, e);
                }
            }
        }
        return out;
    }

    static String header(HttpResponse<String> r, String name) {
        return r.headers().firstValue(name).orElse(null);
    }

    static JsonNode json(HttpResponse<String> r) {
        try {
            return WireJson.mapper().readTree(r.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    // --- what is logged ------------------------------------------------------------------------------

    @Test
    void should_export_each_query_in_order_with_its_label_outcome_and_entry() {
        String system = "You are the password desk.";
        HttpResponse<String> miss = send(body("support", system, "How do I reset my password?"), KEY_A,
                QueryLogStage.INTENT_HEADER, "password_reset");
        HttpResponse<String> semantic = send(body("support", system, "How can I reset my password?"), KEY_A,
                QueryLogStage.INTENT_HEADER, "  password_reset ");
        HttpResponse<String> exact = send(body("support", system, "How do I reset my password?"), KEY_A);
        HttpResponse<String> other = ask("mock", "Do you ship to Norway?", KEY_A);

        List<JsonNode> lines = exported("");

        assertEquals("hit-semantic", header(semantic, CacheStatus.HEADER), "precondition: a paraphrase hits");
        assertEquals(4, lines.size(), lines.toString());
        assertEquals(List.of("How do I reset my password?", "How can I reset my password?",
                "How do I reset my password?", "Do you ship to Norway?"), lines.stream().map(l -> l.get("q").asText()).toList());
        assertEquals("password_reset", lines.get(0).get("intent").asText());
        assertEquals("password_reset", lines.get(1).get("intent").asText(), "the label is stripped");
        assertTrue(lines.get(2).get("intent").isNull(), "no header: intent is null, not absent: " + lines.get(2));
        assertEquals(List.of("miss", "hit-semantic", "hit-exact", "miss"),
                lines.stream().map(l -> l.get("cache").asText()).toList());
        assertEquals(List.of(header(miss, "x-request-id"), header(semantic, "x-request-id"),
                header(exact, "x-request-id"), header(other, "x-request-id")),
                lines.stream().map(l -> l.get("request_id").asText()).toList());

        String stored = lines.get(0).get("entry").asText();
        assertFalse(stored.isEmpty(), "a stored miss names its entry");
        assertEquals(stored, header(semantic, CacheStatus.ENTRY_HEADER));
        assertEquals(stored, lines.get(1).get("entry").asText(), "a hit names the entry that served it");
        assertEquals(stored, lines.get(2).get("entry").asText());
        assertFalse(lines.get(0).has("similarity"), "nothing to compare with in an empty namespace");
        assertEquals(Double.parseDouble(header(semantic, CacheStatus.SIMILARITY_HEADER)),
                lines.get(1).get("similarity").asDouble(), 1e-4);
        assertEquals(lines.get(0).get("namespace"), lines.get(2).get("namespace"));
        assertEquals(List.of("support", "support", "support", "mock"),
                lines.stream().map(l -> l.get("model").asText()).toList());
        assertEquals("tenant-a", lines.get(3).get("tenant").asText());
        assertEquals(testStart.toString(), lines.get(0).get("time").asText());
        for (JsonNode line : lines) {
            assertFalse(line.toString().contains(KEY_A), "no key is ever logged");
        }
    }

    @Test
    void should_log_a_streamed_miss_with_its_entry_once_the_stream_ends() {
        ObjectNode body = WireJson.mapper().createObjectNode();
        body.put("model", "mock").put("stream", true);
        body.putArray("messages").addObject().put("role", "user").put("content", "Can I return an opened item?");
        HttpResponse<String> streamed = send(body, KEY_A, QueryLogStage.INTENT_HEADER, "returns");
        HttpResponse<String> repeat = ask("mock", "Can I return an opened item?", KEY_A);

        List<JsonNode> lines = exported("");

        assertTrue(streamed.body().contains("data: [DONE]"), streamed.body());
        assertEquals(2, lines.size(), lines.toString());
        assertEquals("miss", lines.get(0).get("cache").asText());
        assertEquals("returns", lines.get(0).get("intent").asText());
        assertEquals(header(repeat, CacheStatus.ENTRY_HEADER), lines.get(0).get("entry").asText());
        assertEquals("hit-exact", lines.get(1).get("cache").asText());
    }

    @Test
    void should_not_log_requests_that_bypass_the_cache() {
        ask("mock", "Is the shop open on holidays?", KEY_A, "Cache-Control", "no-store");
        ask("mock", "Is the shop open on Sundays?", KEY_A, "Cache-Control", "no-cache");
        ask("mock", "Is the shop open on Mondays?", KEY_A);

        List<JsonNode> lines = exported("");

        assertEquals(List.of("Is the shop open on Mondays?"), lines.stream().map(l -> l.get("q").asText()).toList());
    }

    @Test
    void should_filter_by_model_tenant_namespace_time_and_label() {
        ask("mock", "Do you sell gift cards?", KEY_A);
        clock.advance(Duration.ofHours(1));
        Instant later = clock.instant();
        ask("mock", "Do you sell gift vouchers?", KEY_B, QueryLogStage.INTENT_HEADER, "gift_cards");
        ask("support", "Why was I charged twice?", KEY_A, QueryLogStage.INTENT_HEADER, "double_charge");

        assertEquals(List.of("Do you sell gift vouchers?"), qs(exported("&tenant=tenant-b")));
        assertEquals(List.of("Why was I charged twice?"), qs(exported("&model=support")));
        assertEquals(List.of("Do you sell gift cards?", "Why was I charged twice?"), qs(exported("&tenant=tenant-a")));
        assertEquals(List.of("Do you sell gift cards?"), qs(exported("&until=" + later)));
        assertEquals(List.of("Do you sell gift vouchers?", "Why was I charged twice?"),
                qs(lines(export("?since=" + later + "&format=stream").body())));
        assertEquals(List.of("Do you sell gift vouchers?", "Why was I charged twice?"), qs(exported("&labelled=true")));
        String namespace = exported("&model=mock&tenant=tenant-a").getFirst().get("namespace").asText();
        assertEquals(List.of("Do you sell gift cards?"), qs(exported("&namespace=" + namespace)));
    }

    private static List<String> qs(List<JsonNode> lines) {
        return lines.stream().map(l -> l.get("q").asText()).toList();
    }

    @Test
    void should_mark_the_hits_of_an_entry_reported_wrong() {
        ask("mock", "What is the warranty on headphones?", KEY_A);
        HttpResponse<String> hit = ask("mock", "What is the warranty on headphones?", KEY_A);
        ask("mock", "What is the warranty on speakers?", KEY_A);
        String entry = header(hit, CacheStatus.ENTRY_HEADER);
        HttpResponse<String> feedback = fixture.post("/admin/cache/entries/" + entry + "/feedback",
                "{\"correct\": false}", "Authorization", "Bearer " + ADMIN);
        assertTrue(log.awaitWrites(Duration.ofSeconds(10)));

        List<JsonNode> lines = exported("");

        assertEquals(200, feedback.statusCode(), feedback.body());
        assertEquals(3, lines.size(), lines.toString());
        assertFalse(lines.get(0).has("feedback"), "the miss that stored the entry was answered upstream");
        assertEquals("wrong", lines.get(1).get("feedback").asText(), lines.get(1).toString());
        assertFalse(lines.get(2).has("feedback"));
    }

    // --- refusals ------------------------------------------------------------------------------------

    @Test
    void should_refuse_a_bad_intent_label_with_a_400_naming_the_header_and_log_nothing() {
        HttpResponse<String> tooLong = ask("mock", "Where is my parcel?", KEY_A, QueryLogStage.INTENT_HEADER, "x".repeat(129));
        HttpResponse<String> control = ask("mock", "Where is my parcel?", KEY_A, QueryLogStage.INTENT_HEADER, "a\tb");
        HttpResponse<String> longest = ask("mock", "Where is my parcel?", KEY_A, QueryLogStage.INTENT_HEADER, "x".repeat(128));

        for (HttpResponse<String> r : List.of(tooLong, control)) {
            assertEquals(400, r.statusCode(), r.body());
            JsonNode error = json(r).get("error");
            assertEquals("invalid_request_error", error.get("type").asText());
            assertEquals(QueryLogStage.INTENT_HEADER, error.get("param").asText());
            assertTrue(error.get("message").asText().contains(QueryLogStage.INTENT_HEADER), error.toString());
        }
        assertEquals(200, longest.statusCode(), longest.body());
        assertEquals(1, exported("").size(), "only the accepted request is logged");
    }

    @Test
    void should_require_the_admin_key_for_the_export() {
        HttpResponse<String> none = fixture.get("/admin/cache/export");
        HttpResponse<String> tenantKey = export("", "Authorization", "Bearer " + KEY_A);

        assertEquals(401, none.statusCode());
        assertEquals(401, tenantKey.statusCode());
        assertEquals("invalid_api_key", json(tenantKey).path("error").path("code").asText());
    }

    @Test
    void should_refuse_bad_export_parameters_naming_the_parameter() {
        assertBad(export("?since=yesterday"), 400, "since");
        assertBad(export("?until=2025-13-01"), 400, "until");
        assertBad(export("?since=2025-06-02&until=2025-06-01"), 400, "until");
        assertBad(export("?format=csv"), 400, "format");
        assertBad(export("?labelled=yes"), 400, "labelled");
        assertBad(export("?tenat=tenant-a"), 400, "tenat");
        assertBad(export("?model=nope"), 404, "model");
        assertEquals(200, export("?since=2025-06-01&model=mock&tenant=tenant-a").statusCode());
    }

    private static void assertBad(HttpResponse<String> r, int status, String param) {
        assertEquals(status, r.statusCode(), r.body());
        assertTrue(r.headers().firstValue("content-type").orElse("").startsWith("application/json"));
        assertEquals(param, json(r).path("error").path("param").asText(), r.body());
    }

    @Test
    void should_count_written_records_in_the_metrics() {
        ask("mock", "Do you price match?", KEY_A);
        String metrics = fixture.get("/metrics").body();

        assertTrue(metrics.contains("reprise_query_log_records_total{result=\"written\"}"), metrics);
        assertTrue(metrics.contains("reprise_query_log_records_total{result=\"dropped\"} 0.0"), metrics);
        assertTrue(metrics.contains("reprise_query_log_size_bytes"), metrics);
    }
}
