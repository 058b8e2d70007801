package dev.reprise.gateway.routing;

import com.fasterxml.jackson.databind.JsonNode;
import dev.reprise.gateway.Gateway;
import dev.reprise.gateway.GatewayFixture;
import dev.reprise.testing.TestClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;

import static dev.reprise.gateway.http.ErrorAssertions.assertError;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** While every deployment that could serve a request is open-circuited, the client is told so, and when to return. */
class OpenCircuitTest {

    private final TestClock clock = new TestClock(Instant.parse("2026-01-01T00:00:00Z"));
    private ScriptedUpstream a;
    private ScriptedUpstream b;
    private GatewayFixture fx;

    @BeforeEach
    void start() throws IOException {
        a = new ScriptedUpstream().always(ScriptedUpstream.status(500));
        b = new ScriptedUpstream().always(ScriptedUpstream.status(500));
        String yaml = """
                models:
                  - name: primary
                    provider: openai
                    model: gpt-a
                    base-url: %s
                    api-key: sk-a
                    retry: { max-attempts: 1 }
                    breaker: { failures: 2, window: 60s, cool-down: 30s }
                  - name: chained
                    provider: openai
                    model: gpt-c
                    base-url: %s
                    api-key: sk-c
                    retry: { max-attempts: 1 }
                    breaker: { failures: 1, window: 60s, cool-down: 60s }
                    fallbacks: [primary]
                """.formatted(a.baseUrl(), b.baseUrl());
        fx = GatewayFixture.start(GatewayFixture.config(yaml), Gateway.Options.defaults().withClock(clock));
    }

    @AfterEach
    void stop() throws IOException {
        fx.close();
        a.close();
        b.close();
    }

    private HttpResponse<String> ask(String model, boolean stream) {
        return fx.post("/v1/chat/completions", "{\"model\":\"" + model + "\",\"stream\":" + stream
                + ",\"messages\":[{\"role\":\"user\",\"content\":\"hello\"}]}");
    }

    private static String header(HttpResponse<String> res, String name) {
        return res.headers().firstValue(name).orElse(null);
    }

    private void openThePrimary() {
        for (int i = 0; i < 2; i++) {
            assertError(ask("primary", false), 502, "upstream_error", null, "upstream_server_error");
        }
        assertEquals(2, a.calls());
    }

    @Test
    void should_say_the_deployment_is_open_circuited_and_when_it_will_be_tried_again() {
        openThePrimary();

        HttpResponse<String> res = ask("primary", false);

        JsonNode error = assertError(res, 503, "upstream_error", null, "upstream_circuit_open");
        String message = error.get("message").asText();
        assertTrue(message.contains("primary#0") && message.contains("open-circuited") && message.contains("30s"),
                message);
        assertEquals("30", header(res, "retry-after"));
        assertEquals("0", header(res, "x-reprise-attempts"), "no call was made");
        assertEquals(2, a.calls());

        clock.advance(Duration.ofSeconds(10));
        HttpResponse<String> streamed = ask("primary", true);
        JsonNode streamedError = assertError(streamed, 503, "upstream_error", null, "upstream_circuit_open");
        assertTrue(streamedError.get("message").asText().contains("20s"), streamedError.toString());
        assertEquals("20", header(streamed, "retry-after"));
        assertEquals(2, a.calls());

        clock.advance(Duration.ofSeconds(21));
        a.always(ScriptedUpstream.ok("back"));
        HttpResponse<String> probe = ask("primary", false);
        assertEquals(200, probe.statusCode(), probe.body());
    }

    @Test
    void should_name_every_open_deployment_of_the_chain_and_wait_for_the_first_to_reopen() {
        openThePrimary();
        clock.advance(Duration.ofSeconds(5));
        // chained's own deployment fails once (opening its breaker for 60s), then primary is open-circuited:
        // the client gets chained's real failure, since a call was made.
        HttpResponse<String> failed = ask("chained", false);
        assertError(failed, 502, "upstream_error", null, "upstream_server_error");
        assertEquals("1", header(failed, "x-reprise-attempts"));

        HttpResponse<String> res = ask("chained", false);

        JsonNode error = assertError(res, 503, "upstream_error", null, "upstream_circuit_open");
        String message = error.get("message").asText();
        assertTrue(message.contains("chained#0") && message.contains("primary#0"), message);
        assertEquals("25", header(res, "retry-after"), "primary#0 reopens first, 25s from now");
        assertEquals("0", header(res, "x-reprise-attempts"));
        assertEquals(1, b.calls());
    }
}
