package dev.reprise.gateway.routing;

import dev.reprise.gateway.Gateway;
import dev.reprise.gateway.GatewayFixture;
import dev.reprise.gateway.LogCapture;
import dev.reprise.testing.FakeUpstream;
import dev.reprise.testing.TestClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.logging.Level;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The server log's account of upstream failures: one WARN line per failed attempt with the request id,
 * alias, deployment, key position, cause and next step; repeats collapsed; never a key.
 */
class UpstreamFailureLogTest {

    private final TestClock clock = new TestClock(Instant.parse("2026-01-01T00:00:00Z"));
    private ScriptedUpstream a;
    private ScriptedUpstream b;
    private GatewayFixture fx;
    private LogCapture log;

    @BeforeEach
    void upstreams() throws IOException {
        a = new ScriptedUpstream();
        b = new ScriptedUpstream().always(ScriptedUpstream.answer("from backup"));
        log = LogCapture.of("dev.reprise.gateway.upstream");
    }

    @AfterEach
    void stop() throws IOException {
        log.close();
        if (fx != null) {
            fx.close();
        }
        a.close();
        b.close();
    }

    private void start(String primary) {
        String yaml = """
                models:
                  - name: primary
                    provider: openai
                    model: gpt-a
                    fallbacks: [backup]
                %s
                  - name: backup
                    provider: openai
                    model: gpt-b
                    base-url: %s
                    api-key: sk-b
                """.formatted(primary, b.baseUrl());
        fx = GatewayFixture.start(GatewayFixture.config(yaml), Gateway.Options.defaults().withClock(clock));
    }

    private HttpResponse<String> ask(String text) {
        return fx.post("/v1/chat/completions", GatewayFixture.chat("primary", text));
    }

    private static String requestId(HttpResponse<String> res) {
        return res.headers().firstValue("x-request-id").orElseThrow();
    }

    /** The WARN lines about one request. */
    private List<String> warnings(HttpResponse<String> res) {
        return log.at(Level.WARNING, requestId(res));
    }

    @Test
    void should_log_each_failed_attempt_once_with_its_key_position_cause_and_next_step_but_never_the_key() {
        start("""
                    base-url: %s
                    api-keys: [sk-secret-one, sk-secret-two]
                    retry: { max-attempts: 2, initial-backoff: 1ms, max-backoff: 5ms }
                """.formatted(a.baseUrl()));
        // A hostile upstream that quotes the key it was sent in its error message.
        a.always(seen -> ScriptedUpstream.status(500, "boom for " + seen.authorization()));

        HttpResponse<String> res = ask("hello");

        assertEquals(200, res.statusCode(), res.body());
        List<String> lines = warnings(res);
        assertEquals(2, lines.size(), "one line per failed attempt: " + lines);
        String first = lines.get(0);
        assertTrue(first.contains("'primary'") && first.contains("primary#0") && first.contains("key 1 of 2")
                && first.contains("HTTP 500") && first.contains("next: retry"), first);
        String second = lines.get(1);
        assertTrue(second.contains("'primary'") && second.contains("primary#0") && second.contains("key 2 of 2")
                && second.contains("HTTP 500") && second.contains("next: fall back to 'backup'"), second);
        String everything = log.everything();
        assertFalse(everything.contains("sk-secret-one") || everything.contains("sk-secret-two")
                || everything.contains("sk-b"), "a key reached the log: " + everything);
    }

    @Test
    void should_log_a_refused_connection_the_breaker_opening_and_the_open_circuit_skipped() throws IOException {
        int closedPort = FakeUpstream.closedPort();
        start("""
                    base-url: http://127.0.0.1:%d/v1
                    api-key: sk-a
                    retry: { max-attempts: 1 }
                    breaker: { failures: 2, window: 60s, cool-down: 30s }
                """.formatted(closedPort));

        HttpResponse<String> refused = ask("one");
        assertEquals(200, refused.statusCode(), refused.body());
        List<String> lines = warnings(refused);
        assertEquals(1, lines.size(), lines.toString());
        assertTrue(lines.getFirst().contains("connect-failed") && lines.getFirst().contains("key 1 of 1")
                && lines.getFirst().contains("next: fall back to 'backup'"), lines.getFirst());
        assertFalse(lines.getFirst().contains("breaker opened"), lines.getFirst());

        HttpResponse<String> opening = ask("two");
        lines = warnings(opening);
        assertEquals(1, lines.size(), lines.toString());
        assertTrue(lines.getFirst().contains("breaker opened")
                && lines.getFirst().contains("next: fall back to 'backup'"), lines.getFirst());

        HttpResponse<String> skipped = ask("three");
        assertEquals(200, skipped.statusCode(), skipped.body());
        lines = warnings(skipped);
        assertEquals(1, lines.size(), lines.toString());
        assertTrue(lines.getFirst().contains("'primary'") && lines.getFirst().contains("primary#0")
                && lines.getFirst().contains("open-circuited") && lines.getFirst().contains("30s")
                && lines.getFirst().contains("next: fall back to 'backup'"), lines.getFirst());
    }

    @Test
    void should_write_one_line_per_kind_of_failure_until_the_window_has_passed() {
        start("""
                    base-url: %s
                    api-key: sk-a
                    retry: { max-attempts: 1 }
                    breaker: { failures: 100, window: 60s, cool-down: 30s }
                """.formatted(a.baseUrl()));
        a.always(ScriptedUpstream.status(500));

        for (int i = 0; i < 5; i++) {
            assertEquals(200, ask("q" + i).statusCode());
        }
        assertEquals(5, a.calls());
        List<String> lines = log.at(Level.WARNING, "primary#0");
        assertEquals(1, lines.size(), "repeats within the window are counted, not written: " + lines);

        clock.advance(Duration.ofSeconds(11));
        HttpResponse<String> later = ask("later");
        lines = log.at(Level.WARNING, "primary#0");
        assertEquals(2, lines.size(), lines.toString());
        assertTrue(lines.get(1).contains(requestId(later)), lines.get(1));
        assertTrue(lines.get(1).contains("4 more like this"), lines.get(1));
    }

    @Test
    void should_log_a_stream_broken_after_its_first_token() {
        start("""
                    base-url: %s
                    api-key: sk-a
                """.formatted(a.baseUrl()));
        a.always(ScriptedUpstream.streamThenCut("Hel"));

        HttpResponse<String> res = fx.post("/v1/chat/completions", "{\"model\":\"primary\",\"stream\":true,"
                + "\"messages\":[{\"role\":\"user\",\"content\":\"hello there\"}]}");

        assertEquals(200, res.statusCode(), res.body());
        assertTrue(res.body().contains("data: {\"error\":{"), res.body());
        List<String> lines = warnings(res);
        assertEquals(1, lines.size(), lines.toString());
        assertTrue(lines.getFirst().contains("primary#0") && lines.getFirst().contains("key 1 of 1")
                && lines.getFirst().contains("after its first token")
                && lines.getFirst().contains("next: the stream ends with an error event"), lines.getFirst());
    }
}
