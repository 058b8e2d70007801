package dev.reprise.gateway.http;

import com.fasterxml.jackson.databind.JsonNode;
import dev.reprise.gateway.GatewayFixture;
import dev.reprise.models.wire.WireJson;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Headers every answer carries, and the small endpoints: models, health, metrics. */
class ApiSurfaceTest {

    private static final String CHAT = "/v1/chat/completions";
    private static GatewayFixture fixture;

    @BeforeAll
    static void start() {
        fixture = GatewayFixture.start("""
                models:
                  - name: mock
                    provider: mock
                    latency: 0ms
                  - name: mock-slow
                    provider: mock
                    model: mock-2
                    latency: 10ms
                """);
    }

    @AfterAll
    static void stop() {
        fixture.close();
    }

    private static JsonNode json(HttpResponse<String> res) throws IOException {
        return WireJson.mapper().readTree(res.body());
    }

    @Test
    void should_echo_a_sane_request_id_on_answers_errors_and_streams() {
        assertEquals("trace-123", fixture.post(CHAT, GatewayFixture.chat("mock", "hi"), "x-request-id", "trace-123")
                .headers().firstValue("x-request-id").orElseThrow());
        assertEquals("trace-404", fixture.get("/nowhere", "x-request-id", "trace-404")
                .headers().firstValue("x-request-id").orElseThrow());
        assertEquals("trace-400", fixture.post(CHAT, "{", "x-request-id", "trace-400")
                .headers().firstValue("x-request-id").orElseThrow());
        var stream = fixture.post(CHAT, "{\"model\":\"mock\",\"stream\":true,\"messages\":[{\"role\":\"user\","
                + "\"content\":\"hi\"}]}", "x-request-id", "trace-sse");
        assertEquals("trace-sse", stream.headers().firstValue("x-request-id").orElseThrow());
    }

    @Test
    void should_generate_a_request_id_when_the_client_sends_none_or_a_bad_one() {
        String a = fixture.post(CHAT, GatewayFixture.chat("mock", "hi")).headers().firstValue("x-request-id").orElseThrow();
        String b = fixture.post(CHAT, GatewayFixture.chat("mock", "hi")).headers().firstValue("x-request-id").orElseThrow();
        assertTrue(a.startsWith("req_"), a);
        assertNotEquals(a, b);
        String bad = "x".repeat(300);
        String replaced = fixture.post(CHAT, GatewayFixture.chat("mock", "hi"), "x-request-id", bad)
                .headers().firstValue("x-request-id").orElseThrow();
        assertTrue(replaced.startsWith("req_"), replaced);
    }

    @Test
    void should_say_which_deployment_answered() {
        var res = fixture.post(CHAT, GatewayFixture.chat("mock-slow", "hi"));
        assertEquals(200, res.statusCode());
        assertEquals("mock", res.headers().firstValue("x-reprise-provider").orElseThrow());
        assertEquals("mock-2", res.headers().firstValue("x-reprise-model").orElseThrow());
        var stream = fixture.post(CHAT, "{\"model\":\"mock\",\"stream\":true,\"messages\":[{\"role\":\"user\","
                + "\"content\":\"hi\"}]}");
        assertEquals("mock", stream.headers().firstValue("x-reprise-provider").orElseThrow());
        assertEquals("mock-1", stream.headers().firstValue("x-reprise-model").orElseThrow());
        assertTrue(stream.headers().firstValue("content-type").orElseThrow().startsWith("text/event-stream"));
    }

    @Test
    void should_stream_sse_even_when_the_client_accepts_only_json() {
        var res = fixture.post(CHAT, "{\"model\":\"mock\",\"stream\":true,\"messages\":[{\"role\":\"user\","
                + "\"content\":\"hi\"}]}", "Accept", "application/json");
        assertEquals(200, res.statusCode());
        List<String> events = SseEvents.data(res.body());
        assertEquals("[DONE]", events.get(events.size() - 1));
    }

    @Test
    void should_stream_tool_calls_and_finish_with_tool_calls() throws IOException {
        String body = """
                {"model":"mock","stream":true,"messages":[{"role":"user","content":"weather in Paris"}],
                 "tools":[{"type":"function","function":{"name":"get_weather","parameters":{"type":"object"}}}],
                 "tool_choice":"required"}
                """;
        List<String> events = SseEvents.data(fixture.post(CHAT, body).body());
        JsonNode call = WireJson.mapper().readTree(events.get(1)).at("/choices/0/delta/tool_calls/0");
        assertEquals("get_weather", call.at("/function/name").asText());
        assertEquals(0, call.get("index").asInt());
        assertTrue(call.at("/function/arguments").asText().contains("Paris"));
        JsonNode finish = WireJson.mapper().readTree(events.get(events.size() - 2));
        assertEquals("tool_calls", finish.at("/choices/0/finish_reason").asText());
    }

    @Test
    void should_list_models_in_config_order_and_find_one() throws IOException {
        JsonNode list = json(fixture.get("/v1/models"));
        assertEquals("list", list.get("object").asText());
        assertEquals("mock", list.at("/data/0/id").asText());
        assertEquals("mock-slow", list.at("/data/1/id").asText());
        assertEquals("model", list.at("/data/0/object").asText());
        assertEquals("mock", json(fixture.get("/v1/models/mock-slow")).get("owned_by").asText());
        ErrorAssertions.assertError(fixture.get("/v1/models/nope"), 404, "invalid_request_error", "model",
                "model_not_found");
    }

    @Test
    void should_report_health() throws IOException {
        var res = fixture.get("/health");
        assertEquals(200, res.statusCode());
        JsonNode health = json(res);
        assertEquals("UP", health.get("status").asText());
        assertTrue(health.get("live").asBoolean());
        assertTrue(health.get("ready").asBoolean());
        assertEquals(200, fixture.get("/health/live").statusCode());
        assertEquals(200, fixture.get("/health/ready").statusCode());
    }

    @Test
    void should_expose_prometheus_metrics_after_a_request() {
        assertEquals(200, fixture.post(CHAT, GatewayFixture.chat("mock", "count me")).statusCode());
        fixture.post(CHAT, GatewayFixture.chat("unknown-alias", "count me too"));

        var res = fixture.get("/metrics");
        assertEquals(200, res.statusCode());
        assertTrue(res.headers().firstValue("content-type").orElseThrow().startsWith("text/plain"));
        String text = res.body();
        assertTrue(text.contains("reprise_requests_total{model=\"mock\",provider=\"mock\",status=\"200\"}"), text);
        assertTrue(text.contains("reprise_requests_total{model=\"none\",provider=\"none\",status=\"404\"}"), text);
        assertTrue(text.contains("reprise_request_duration_seconds_bucket{model=\"mock\",provider=\"mock\",status=\"200\",le="), text);
        assertTrue(text.contains("gen_ai_client_operation_duration_seconds_count{error_type=\"none\","
                + "gen_ai_operation_name=\"chat\",gen_ai_provider_name=\"mock\",gen_ai_request_model=\"mock-1\",model=\"mock\"}"), text);
        assertTrue(text.contains("reprise_tokens_total{model=\"mock\",provider=\"mock\",type=\"input\"}"), text);
        assertTrue(text.contains("reprise_tokens_total{model=\"mock\",provider=\"mock\",type=\"output\"}"), text);
        assertTrue(!text.contains("unknown-alias"), "client-chosen names never become label values");
    }
}
