package dev.reprise.gateway.routing;

import dev.reprise.gateway.Gateway;
import dev.reprise.gateway.GatewayFixture;
import dev.reprise.testing.HangingListener;
import dev.reprise.testing.TestClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Retries, fallbacks and breakers against upstreams that fail on the wire: 500s, resets, hangs, 400s,
 * context-length errors, streams cut half way, and answers whose end is the connection's close.
 */
class FailoverTest {

    private final TestClock clock = new TestClock(Instant.parse("2026-01-01T00:00:00Z"));
    private ScriptedUpstream a;
    private ScriptedUpstream b;
    private ScriptedUpstream c;
    private GatewayFixture fx;

    @BeforeEach
    void upstreams() throws IOException {
        a = new ScriptedUpstream();
        b = new ScriptedUpstream().always(ScriptedUpstream.answer("from backup"));
        c = new ScriptedUpstream().always(ScriptedUpstream.ok("from the long one"));
    }

    @AfterEach
    void stop() throws IOException {
        if (fx != null) {
            fx.close();
        }
        a.close();
        b.close();
        c.close();
    }

    private void start(String primaryExtras) {
        String yaml = """
                admin:
                  key: adm-1
                models:
                  - name: primary
                    provider: openai
                    model: gpt-a
                    base-url: %s
                    api-key: sk-a
                    timeout: 3s
                    first-byte-timeout: 300ms
                    fallbacks: [backup]
                    context-fallback: long
                    retry: { max-attempts: 2, initial-backoff: 1ms, max-backoff: 5ms }
                %s
                  - name: backup
                    provider: openai
                    model: gpt-b
                    base-url: %s
                    api-key: sk-b
                  - name: long
                    provider: openai
                    model: gpt-long
                    base-url: %s
                    api-key: sk-c
                """.formatted(a.baseUrl(), primaryExtras, b.baseUrl(), c.baseUrl());
        fx = GatewayFixture.start(GatewayFixture.config(yaml), Gateway.Options.defaults().withClock(clock));
    }

    private HttpResponse<String> ask() {
        return fx.post("/v1/chat/completions", GatewayFixture.chat("primary", "hello there"));
    }

    private HttpResponse<String> askStreaming() {
        return fx.post("/v1/chat/completions", "{\"model\":\"primary\",\"stream\":true,"
                + "\"messages\":[{\"role\":\"user\",\"content\":\"hello there\"}]}");
    }

    private static String header(HttpResponse<String> res, String name) {
        return res.headers().firstValue(name).orElse(null);
    }

    @Test
    void should_retry_a_500_and_succeed() {
        start("");
        a.then(ScriptedUpstream.status(500)).always(ScriptedUpstream.ok("second try"));
        HttpResponse<String> res = ask();
        assertEquals(200, res.statusCode(), res.body());
        assertTrue(res.body().contains("second try"), res.body());
        assertEquals("2", header(res, "x-reprise-attempts"));
        assertEquals(null, header(res, "x-reprise-fallback"));
        assertEquals(2, a.calls());
        assertEquals(0, b.calls());
        assertTrue(fx.get("/metrics").body().contains(
                "reprise_retries_total{model=\"primary\",reason=\"server-error\"} 1.0"));
    }

    @Test
    void should_retry_a_connection_reset() {
        start("");
        a.then(ScriptedUpstream.reset()).always(ScriptedUpstream.ok("after the reset"));
        HttpResponse<String> res = ask();
        assertEquals(200, res.statusCode(), res.body());
        assertTrue(res.body().contains("after the reset"), res.body());
        assertEquals("2", header(res, "x-reprise-attempts"));
    }

    @Test
    void should_never_retry_or_fall_back_on_a_client_error() {
        start("");
        a.always(ScriptedUpstream.badRequest());
        HttpResponse<String> res = ask();
        assertEquals(400, res.statusCode(), res.body());
        assertTrue(res.body().contains("bad temperature"), res.body());
        assertEquals(1, a.calls());
        assertEquals(0, b.calls());
        assertEquals("1", header(res, "x-reprise-attempts"));
    }

    @Test
    void should_fall_back_when_the_primary_keeps_failing() {
        start("");
        a.always(ScriptedUpstream.status(500));
        HttpResponse<String> res = ask();
        assertEquals(200, res.statusCode(), res.body());
        assertTrue(res.body().contains("from backup"), res.body());
        assertEquals("primary -> backup", header(res, "x-reprise-fallback"));
        assertEquals("3", header(res, "x-reprise-attempts"));
        assertEquals("gpt-b", header(res, "x-reprise-model"));
        assertEquals(2, a.calls(), "max-attempts on the primary, then the fallback");
        assertEquals(1, b.calls());
        assertTrue(fx.get("/metrics").body().contains(
                "reprise_fallback_total{model=\"primary\",reason=\"server-error\",to=\"backup\"} 1.0"));
    }

    @Test
    void should_fall_back_transparently_before_the_first_byte_of_a_stream() {
        start("");
        a.always(ScriptedUpstream.status(503));
        b.always(ScriptedUpstream.stream("Hel", "lo"));
        HttpResponse<String> res = askStreaming();
        assertEquals(200, res.statusCode(), res.body());
        assertTrue(res.body().contains("\"content\":\"Hel\""), res.body());
        assertTrue(res.body().contains("\"content\":\"lo\""), res.body());
        assertTrue(res.body().strip().endsWith("data: [DONE]"), res.body());
        assertFalse(res.body().contains("\"error\""), res.body());
        assertEquals("primary -> backup", header(res, "x-reprise-fallback"));
        // Every chunk names the model that served the stream, not the one that failed.
        assertTrue(res.body().contains("\"model\":\"gpt-b\""), res.body());
        assertFalse(res.body().contains("\"model\":\"gpt-a\""), res.body());
    }

    @Test
    void should_count_a_streamed_fallback_under_the_provider_that_served_it() throws InterruptedException {
        String yaml = """
                models:
                  - name: primary
                    provider: openai
                    model: gpt-a
                    base-url: %s
                    api-key: sk-a
                    retry: { max-attempts: 1 }
                    fallbacks: [spare]
                  - name: spare
                    provider: mock
                    latency: 0ms
                """.formatted(a.baseUrl());
        fx = GatewayFixture.start(GatewayFixture.config(yaml), Gateway.Options.defaults().withClock(clock));
        a.always(ScriptedUpstream.status(503));

        HttpResponse<String> res = askStreaming();

        assertEquals(200, res.statusCode(), res.body());
        assertEquals("primary -> spare", header(res, "x-reprise-fallback"));
        assertEquals("mock", header(res, "x-reprise-provider"));
        // A stream is counted when it ends, just after its last byte went out.
        String line = "reprise_requests_total{model=\"primary\",provider=\"mock\",status=\"200\"} 1.0";
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        String metrics = fx.get("/metrics").body();
        while (!metrics.contains(line) && System.nanoTime() < deadline) {
            Thread.sleep(20);
            metrics = fx.get("/metrics").body();
        }
        assertTrue(metrics.contains(line), metrics);
        assertFalse(metrics.contains("reprise_requests_total{model=\"primary\",provider=\"openai\""), metrics);
    }

    @Test
    void should_fall_back_when_the_first_token_is_late() {
        start("");
        a.always(a.hang());
        b.always(ScriptedUpstream.stream("on time"));
        HttpResponse<String> res = askStreaming();
        assertEquals(200, res.statusCode(), res.body());
        assertTrue(res.body().contains("on time"), res.body());
        assertEquals("primary -> backup", header(res, "x-reprise-fallback"));
    }

    @Test
    void should_fall_back_after_the_connect_timeout_when_the_primary_host_does_not_answer() throws IOException {
        // A listener that never accepts, with its accept queue full: connects to it hang, like a host that is down
        // behind a firewall. The read timeout is minutes; the connect timeout lets the request fall back at once.
        try (HangingListener dead = HangingListener.open()) {
            fx = GatewayFixture.start(GatewayFixture.config("""
                    models:
                      - name: primary
                        provider: openai
                        model: gpt-a
                        base-url: http://127.0.0.1:%d/v1
                        api-key: sk-a
                        timeout: 5m
                        connect-timeout: 300ms
                        fallbacks: [backup]
                      - name: backup
                        provider: openai
                        model: gpt-b
                        base-url: %s
                        api-key: sk-b
                    """.formatted(dead.port(), b.baseUrl())), Gateway.Options.defaults());

            HttpResponse<String> res = assertTimeoutPreemptively(Duration.ofSeconds(60), this::ask);

            assertEquals(200, res.statusCode(), res.body());
            assertTrue(res.body().contains("from backup"), res.body());
            assertEquals("primary -> backup", header(res, "x-reprise-fallback"));
            String metrics = fx.get("/metrics").body();
            assertTrue(metrics.lines().anyMatch(l -> l.startsWith("reprise_upstream_attempts_total{")
                    && l.contains("model=\"primary\"") && l.contains("result=\"connect-failed\"")), metrics);
        }
    }

    @Test
    void should_end_a_stream_cut_after_the_first_byte_with_an_error_event() {
        start("");
        a.always(ScriptedUpstream.streamThenCut("Hel"));
        HttpResponse<String> res = askStreaming();
        assertEquals(200, res.statusCode(), res.body());
        assertTrue(res.body().contains("\"content\":\"Hel\""), res.body());
        assertTrue(res.body().contains("data: {\"error\":{"), res.body());
        assertTrue(res.body().strip().endsWith("data: [DONE]"), res.body());
        assertEquals(1, a.calls(), "no retry once the client has seen tokens");
        assertEquals(0, b.calls());
    }

    @Test
    void should_serve_an_answer_that_ends_when_the_upstream_closes_the_connection_with_one_call() {
        start("");
        a.always(ScriptedUpstream.answerUntilClose("whole"));

        HttpResponse<String> res = ask();
        assertEquals(200, res.statusCode(), res.body());
        assertTrue(res.body().contains("\"content\":\"whole\""), res.body());
        assertEquals("1", header(res, "x-reprise-attempts"));

        HttpResponse<String> streamed = askStreaming();
        assertEquals(200, streamed.statusCode(), streamed.body());
        assertTrue(streamed.body().contains("\"content\":\"whole\""), streamed.body());
        assertFalse(streamed.body().contains("\"error\""), streamed.body());
        assertTrue(streamed.body().strip().endsWith("data: [DONE]"), streamed.body());

        assertEquals(2, a.calls(), "one upstream call per request");
        assertEquals(0, b.calls());
    }

    @Test
    void should_neither_retry_nor_fall_back_when_an_answer_is_cut_short() {
        start("");
        a.always(ScriptedUpstream.cutUntilClose("a long answer that the upstream has already billed"));

        HttpResponse<String> res = ask();

        assertEquals(502, res.statusCode(), res.body());
        assertTrue(res.body().contains("\"code\":\"upstream_incomplete_answer\""), res.body());
        assertEquals(1, a.calls(), "the upstream accepted the request: sending it again would bill it again");
        assertEquals(0, b.calls());
        assertTrue(fx.get("/metrics").body().contains("result=\"incomplete-answer\""));
    }

    @Test
    void should_neither_retry_nor_fall_back_when_a_stream_ends_before_its_first_event() {
        start("");
        a.always(ScriptedUpstream.emptyStreamUntilClose());

        HttpResponse<String> res = askStreaming();

        assertEquals(502, res.statusCode(), res.body());
        assertTrue(res.body().contains("\"code\":\"upstream_incomplete_answer\""), res.body());
        assertEquals(1, a.calls());
        assertEquals(0, b.calls());
    }

    @Test
    void should_end_a_stream_that_runs_past_its_total_timeout() {
        String yaml = """
                models:
                  - name: slow
                    provider: openai
                    model: gpt-a
                    base-url: %s
                    api-key: sk-a
                    timeout: 20s
                    total-timeout: 500ms
                """.formatted(a.baseUrl());
        fx = GatewayFixture.start(GatewayFixture.config(yaml), Gateway.Options.defaults());
        a.always(a.streamThenHang("Hel"));
        // The upstream stays silent for less than its 20s timeout; only the total-timeout can end this in time.
        HttpResponse<String> res = fx.send(java.net.http.HttpRequest.newBuilder(fx.uri("/v1/chat/completions"))
                .timeout(Duration.ofSeconds(8)).header("Content-Type", "application/json")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString("{\"model\":\"slow\",\"stream\":true,"
                        + "\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}")).build());
        assertEquals(200, res.statusCode(), res.body());
        assertTrue(res.body().contains("\"content\":\"Hel\""), res.body());
        assertTrue(res.body().contains("upstream_timeout"), res.body());
        assertTrue(res.body().strip().endsWith("data: [DONE]"), res.body());
    }

    @Test
    void should_send_a_prompt_too_long_for_the_window_to_the_context_fallback() {
        start("");
        a.always(ScriptedUpstream.contextTooLong());
        HttpResponse<String> res = ask();
        assertEquals(200, res.statusCode(), res.body());
        assertTrue(res.body().contains("from the long one"), res.body());
        assertEquals("primary -> long", header(res, "x-reprise-fallback"));
        assertEquals(1, a.calls());
        assertEquals(0, b.calls());
    }

    @Test
    void should_serve_only_200s_from_the_fallback_and_stop_calling_a_dead_primary() {
        start("""
                    breaker: { failures: 4, window: 60s, cool-down: 30s }
                """);
        a.always(ScriptedUpstream.status(500));
        for (int i = 0; i < 20; i++) {
            HttpResponse<String> res = i % 2 == 0 ? ask() : askStreaming();
            assertEquals(200, res.statusCode(), "request " + i + ": " + res.body());
            assertTrue(res.body().contains("from backup"), res.body());
            assertEquals("primary -> backup", header(res, "x-reprise-fallback"));
        }
        assertEquals(4, a.calls(), "the breaker opened after 4 failures");
        assertTrue(admin().contains("\"breaker\":\"open\""), admin());

        clock.advance(Duration.ofSeconds(31));
        a.always(ScriptedUpstream.ok("primary is back"));
        HttpResponse<String> probe = ask();
        assertEquals(200, probe.statusCode(), probe.body());
        assertTrue(probe.body().contains("primary is back"), probe.body());
        assertEquals(null, header(probe, "x-reprise-fallback"));
        assertTrue(admin().contains("\"breaker\":\"closed\""), admin());
        String metrics = fx.get("/metrics").body();
        assertTrue(metrics.contains("reprise_breaker_transitions_total{deployment=\"primary#0\",from=\"closed\",to=\"open\"} 1.0"),
                metrics);
        assertTrue(metrics.contains("reprise_breaker_transitions_total{deployment=\"primary#0\",from=\"half_open\",to=\"closed\"} 1.0"),
                metrics);
    }

    private String admin() {
        return fx.get("/admin/deployments", "Authorization", "Bearer adm-1").body();
    }
}
