package dev.reprise.gateway.limits;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.errors.RateLimitException;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import dev.reprise.gateway.Gateway;
import dev.reprise.gateway.GatewayFixture;
import dev.reprise.testing.TestClock;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static dev.reprise.gateway.GatewayFixture.chat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Requests-per-minute limits of keys, tenants and aliases, at their edges, on the real gateway with a test clock. */
class RequestLimitsTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final TestClock clock = new TestClock(Instant.parse("2026-03-02T10:00:00Z"));

    private GatewayFixture start(String yaml) {
        return GatewayFixture.start(GatewayFixture.config(GatewayFixture.MOCK_ONLY + yaml),
                Gateway.Options.defaults().withClock(clock));
    }

    private static HttpResponse<String> ask(GatewayFixture fx, String key) {
        return fx.post("/v1/chat/completions", chat("mock", "How long is the warranty?"),
                "Authorization", "Bearer " + key);
    }

    @Test
    void should_pass_60_requests_at_60_rpm_then_refuse_the_61st_until_a_second_has_passed() throws Exception {
        try (GatewayFixture fx = start("""
                keys:
                  - { id: bot, key: rk-bot, limits: { rpm: 60 } }
                """)) {
            for (int i = 1; i <= 60; i++) {
                HttpResponse<String> ok = ask(fx, "rk-bot");
                assertEquals(200, ok.statusCode(), "request " + i + ": " + ok.body());
                assertEquals("60", header(ok, "x-ratelimit-limit-requests"));
                assertEquals(Integer.toString(60 - i), header(ok, "x-ratelimit-remaining-requests"));
            }
            HttpResponse<String> refused = ask(fx, "rk-bot");

            assertEquals(429, refused.statusCode());
            JsonNode error = JSON.readTree(refused.body()).get("error");
            assertEquals("rate_limit_exceeded", error.get("code").asText());
            assertEquals("rate_limit_error", error.get("type").asText());
            assertEquals("Rate limit reached for key 'bot' on requests per minute (RPM): limit 60. Please try again"
                    + " in 1s.", error.get("message").asText());
            assertEquals("1", header(refused, "retry-after"), "60 RPM refills one request a second");
            assertEquals("60", header(refused, "x-ratelimit-limit-requests"));
            assertEquals("0", header(refused, "x-ratelimit-remaining-requests"));
            assertEquals("1m0s", header(refused, "x-ratelimit-reset-requests"));
            assertNull(header(refused, "x-ratelimit-limit-tokens"), "no token limit applies");

            clock.advance(Duration.ofMillis(999));
            assertEquals(429, ask(fx, "rk-bot").statusCode(), "a refused request takes nothing, but 999 ms is short");
            clock.advance(Duration.ofMillis(1));
            HttpResponse<String> again = ask(fx, "rk-bot");
            assertEquals(200, again.statusCode(), again.body());
            assertEquals("0", header(again, "x-ratelimit-remaining-requests"));
            assertEquals(2.0, rateLimited(fx, "key"));
        }
    }

    @Test
    void should_limit_all_keys_of_a_tenant_together() {
        try (GatewayFixture fx = start("""
                keys:
                  - { id: web, key: rk-web, tenant: acme }
                  - { id: app, key: rk-app, tenant: acme }
                  - { id: other, key: rk-other }
                limits:
                  tenants:
                    acme: { rpm: 3 }
                """)) {
            assertEquals(200, ask(fx, "rk-web").statusCode());
            assertEquals(200, ask(fx, "rk-app").statusCode());
            assertEquals(200, ask(fx, "rk-web").statusCode());
            HttpResponse<String> refused = ask(fx, "rk-app");

            assertEquals(429, refused.statusCode());
            assertTrue(refused.body().contains("Rate limit reached for tenant 'acme'"), refused.body());
            assertEquals("20", header(refused, "retry-after"), "3 RPM refills one request every 20 s");
            assertEquals(200, ask(fx, "rk-other").statusCode(), "another tenant has its own allowance");
            assertEquals(1.0, rateLimited(fx, "tenant"));
        }
    }

    @Test
    void should_limit_an_alias_for_all_callers_and_each_caller_without_spending_what_a_refusal_did_not_use() {
        try (GatewayFixture fx = start("""
                keys:
                  - { id: a, key: rk-a }
                  - { id: b, key: rk-b }
                  - { id: c, key: rk-c }
                limits:
                  aliases:
                    mock: { rpm: 5, per-caller: { rpm: 2 } }
                """)) {
            assertEquals(200, ask(fx, "rk-a").statusCode());
            assertEquals(200, ask(fx, "rk-a").statusCode());
            HttpResponse<String> perCaller = ask(fx, "rk-a");
            assertEquals(429, perCaller.statusCode());
            assertTrue(perCaller.body().contains("for model 'mock' for key 'a'"), perCaller.body());
            assertEquals(200, ask(fx, "rk-b").statusCode());
            assertEquals(200, ask(fx, "rk-b").statusCode());
            // Five taken in all if a's refused request took nothing from the alias-wide allowance.
            HttpResponse<String> fifth = ask(fx, "rk-c");
            assertEquals(200, fifth.statusCode(), fifth.body());
            assertEquals("0", header(fifth, "x-ratelimit-remaining-requests"), "the tightest: the alias's last one");
            assertEquals("5", header(fifth, "x-ratelimit-limit-requests"));
            HttpResponse<String> global = ask(fx, "rk-c");

            assertEquals(429, global.statusCode());
            assertTrue(global.body().contains("Rate limit reached for model 'mock' on requests"), global.body());
            assertEquals(1.0, rateLimited(fx, "alias_caller"));
            assertEquals(1.0, rateLimited(fx, "alias"));
        }
    }

    @Test
    void should_let_exactly_the_limit_through_out_of_500_concurrent_requests() throws Exception {
        try (GatewayFixture fx = start("""
                keys:
                  - { id: burst, key: rk-burst, limits: { rpm: 100 } }
                """);
             ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            // 500 requests, 64 in flight at a time: each one races the others for the bucket, and none waits behind
            // 500 connections opened at once on a busy machine (that once timed out a request in CI).
            Semaphore inFlight = new Semaphore(64);
            List<Future<Integer>> statuses = new ArrayList<>();
            for (int i = 0; i < 500; i++) {
                statuses.add(threads.submit(() -> {
                    inFlight.acquire();
                    try {
                        return ask(fx, "rk-burst").statusCode();
                    } finally {
                        inFlight.release();
                    }
                }));
            }
            int ok = 0;
            int limited = 0;
            for (Future<Integer> status : statuses) {
                switch (status.get()) {
                    case 200 -> ok++;
                    case 429 -> limited++;
                    default -> throw new AssertionError("unexpected status " + status.get());
                }
            }

            assertEquals(100, ok);
            assertEquals(400, limited);
        }
    }

    @Test
    void should_reach_the_openai_sdk_as_its_rate_limit_exception() {
        try (GatewayFixture fx = start("""
                keys:
                  - { id: sdk, key: rk-sdk, limits: { rpm: 1 } }
                """)) {
            OpenAIClient client = OpenAIOkHttpClient.builder().baseUrl(fx.gateway.url() + "/v1").apiKey("rk-sdk")
                    .maxRetries(0).build();
            try {
                ChatCompletionCreateParams params = ChatCompletionCreateParams.builder().model("mock")
                        .addUserMessage("Hello").build();
                client.chat().completions().create(params);
                RateLimitException e = assertThrows(RateLimitException.class,
                        () -> client.chat().completions().create(params));

                assertEquals(429, e.statusCode());
                assertEquals("rate_limit_exceeded", e.code().orElseThrow());
                assertEquals(List.of("60"), e.headers().values("retry-after"));
            } finally {
                client.close();
            }
        }
    }

    static String header(HttpResponse<String> response, String name) {
        return response.headers().firstValue(name).orElse(null);
    }

    /** {@code reprise_rate_limited_total{scope}}, or 0 before the first refusal of that scope. */
    static double rateLimited(GatewayFixture fx, String scope) {
        Matcher m = Pattern.compile("reprise_rate_limited_total\\{scope=\"" + scope + "\"} ([0-9.]+)")
                .matcher(fx.get("/metrics").body());
        return m.find() ? Double.parseDouble(m.group(1)) : 0;
    }
}
