package dev.reprise.gateway.accesslog;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.reprise.gateway.GatewayFixture;
import dev.reprise.gateway.pipeline.SettledRequest;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.OutputStream;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** One JSON line per settled request, plain, streamed, fallen back or refused; no secrets, text only when asked. */
class AccessLogTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private String config(boolean includeText) {
        return """
                keys:
                  - { id: team-a, key: rk-team-a-secret }
                models:
                  - name: mock
                    provider: mock
                    latency: 0ms
                    price: { input: 0.15, output: 0.60 }
                  - name: flaky
                    provider: openai
                    model: gpt-x
                    base-url: http://127.0.0.1:1
                    api-key: sk-upstream-secret
                    retry: { max-attempts: 1 }
                    fallbacks: [mock]
                access-log:
                  to: %s
                  include-text: %s
                """.formatted(dir.resolve("access.jsonl"), includeText);
    }

    private List<JsonNode> traffic(boolean includeText) throws IOException {
        try (GatewayFixture fx = GatewayFixture.start(config(includeText))) {
            String auth = "Authorization";
            String bearer = "Bearer rk-team-a-secret";
            assertEquals(200, fx.post("/v1/chat/completions", GatewayFixture.chat("mock", "my secret question"),
                    auth, bearer).statusCode());
            HttpResponse<String> stream = fx.post("/v1/chat/completions", "{\"model\":\"mock\",\"stream\":true,"
                    + "\"messages\":[{\"role\":\"user\",\"content\":\"stream it\"}]}", auth, bearer);
            assertEquals(200, stream.statusCode());
            assertEquals(200, fx.post("/v1/chat/completions", GatewayFixture.chat("flaky", "fall back"),
                    auth, bearer).statusCode());
            assertEquals(404, fx.post("/v1/chat/completions", GatewayFixture.chat("nope", "unknown"),
                    auth, bearer).statusCode());
        }
        String text = Files.readString(dir.resolve("access.jsonl"));
        assertFalse(text.contains("secret\""), "a key or the prompt leaked: " + text);
        assertFalse(text.contains("rk-team-a") || text.contains("sk-upstream"), "a key leaked: " + text);
        List<JsonNode> lines = new ArrayList<>();
        for (String line : text.split("\n")) {
            lines.add(JSON.readTree(line));
        }
        return lines;
    }

    @Test
    void should_write_one_line_per_request_with_its_settled_facts() throws IOException {
        List<JsonNode> lines = traffic(false);
        assertEquals(4, lines.size(), lines.toString());
        JsonNode plain = find(lines, "mock", false);
        assertEquals("team-a", plain.path("tenant").asText());
        assertEquals("team-a", plain.path("key_id").asText());
        assertEquals(200, plain.path("status").asInt());
        assertEquals("mock", plain.path("provider").asText());
        assertEquals("none", plain.path("tier").asText());
        assertTrue(plain.path("cost_usd").asDouble() > 0, plain.toString());
        assertFalse(plain.has("prompt"), "text is left out by default");
        assertTrue(find(lines, "mock", true).path("stream").asBoolean());
        JsonNode fellBack = find(lines, "flaky", false);
        assertEquals("flaky", fellBack.path("fallback_from").asText());
        assertEquals("mock", fellBack.path("fallback_to").asText());
        assertEquals("connect-failed", fellBack.path("fallback_reason").asText());
        JsonNode refused = lines.stream().filter(l -> l.path("status").asInt() == 404).findFirst().orElseThrow();
        assertEquals("model_not_found", refused.path("error_code").asText());
        assertEquals("nope", refused.path("requested_model").asText());
    }

    @Test
    void should_include_the_texts_only_when_asked() throws IOException {
        List<JsonNode> lines = traffic(true);
        assertEquals("my secret question", find(lines, "mock", false).path("prompt").asText());
        assertFalse(find(lines, "mock", false).path("answer").asText().isEmpty());
    }

    @Test
    void should_drop_and_count_lines_when_the_writer_cannot_keep_up() throws InterruptedException {
        CountDownLatch writing = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        OutputStream stuck = new OutputStream() {
            @Override
            public void write(int b) {
                write(new byte[]{(byte) b}, 0, 1);
            }

            @Override
            public void write(byte[] b, int off, int len) {
                writing.countDown();
                try {
                    release.await(10, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        };
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        AccessLog log = AccessLog.to(stuck, new AccessLogSettings(true, null, false, 2), registry);
        log.settled(record("r1"));
        assertTrue(writing.await(10, TimeUnit.SECONDS), "the writer never wrote");
        // The writer is stuck on r1: two lines fit in the queue, the third is dropped.
        log.settled(record("r2"));
        log.settled(record("r3"));
        log.settled(record("r4"));
        assertEquals(1.0, registry.get("reprise.access.log.lines").tag("result", "dropped").counter().count());
        release.countDown();
        log.close();
        assertEquals(3.0, registry.get("reprise.access.log.lines").tag("result", "written").counter().count());
    }

    private static SettledRequest record(String id) {
        return new SettledRequest(id, Instant.parse("2026-12-06T10:00:00Z"), "t", null, "mock", "mock", null, null,
                "mock#0", "mock", "m", 1, null, SettledRequest.CacheFacts.NONE, 200, null, Duration.ofMillis(3), null,
                SettledRequest.Tokens.NONE, 0, 0, false, null, null, SettledRequest.Kind.CHAT);
    }

    private static JsonNode find(List<JsonNode> lines, String model, boolean stream) {
        return lines.stream().filter(l -> l.path("model").asText().equals(model) && l.path("status").asInt() == 200
                        && l.path("stream").asBoolean() == stream && (!model.equals("mock") || l.path("fallback_to").isNull()))
                .findFirst().orElseThrow(() -> new AssertionError("no line for " + model + " in " + lines));
    }
}
