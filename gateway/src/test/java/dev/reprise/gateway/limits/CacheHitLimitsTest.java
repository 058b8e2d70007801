package dev.reprise.gateway.limits;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.reprise.gateway.Gateway;
import dev.reprise.gateway.GatewayFixture;
import dev.reprise.testing.TestClock;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;

import static dev.reprise.gateway.GatewayFixture.chat;
import static dev.reprise.gateway.limits.RequestLimitsTest.header;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What a cache hit takes from the limits, as {@code limits.cache-hits} says; by default a request but no tokens. */
class CacheHitLimitsTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String QUESTION = "What is the warranty period?";

    private final TestClock clock = new TestClock(Instant.parse("2026-03-02T10:00:00Z"));

    private GatewayFixture start(String limits) {
        return GatewayFixture.start(GatewayFixture.config(GatewayFixture.MOCK_ONLY + """
                cache:
                  similarity-threshold: 0.95
                keys:
                  - { id: bot, key: rk-bot, limits: { rpm: 3, tpm: 10000 } }
                """ + limits), Gateway.Options.defaults().withClock(clock));
    }

    private static HttpResponse<String> ask(GatewayFixture fx, String text) {
        return fx.post("/v1/chat/completions", chat("mock", text), "Authorization", "Bearer rk-bot");
    }

    private static long remainingTokens(HttpResponse<String> response) {
        return Long.parseLong(header(response, "x-ratelimit-remaining-tokens"));
    }

    private static long usedTokens(HttpResponse<String> response) throws Exception {
        return JSON.readTree(response.body()).at("/usage/total_tokens").asLong();
    }

    private static void awaitStored(GatewayFixture fx) {
        assertTrue(fx.gateway.cache().orElseThrow().awaitPendingWrites(Duration.ofSeconds(10)));
    }

    @Test
    void should_count_a_hit_as_a_request_but_not_its_tokens_by_default() throws Exception {
        try (GatewayFixture fx = start("")) {
            HttpResponse<String> miss = ask(fx, QUESTION);
            long estimate = 10_000 - remainingTokens(miss);
            long used = usedTokens(miss);
            awaitStored(fx);

            HttpResponse<String> hit = ask(fx, QUESTION);
            assertEquals("hit-exact", header(hit, "x-reprise-cache"));
            assertEquals(10_000 - used - estimate, remainingTokens(hit));
            assertEquals("1", header(hit, "x-ratelimit-remaining-requests"));
            HttpResponse<String> again = ask(fx, QUESTION);
            assertEquals(10_000 - used - estimate, remainingTokens(again), "the first hit's estimate was given back");
            assertEquals("0", header(again, "x-ratelimit-remaining-requests"));

            assertEquals(429, ask(fx, QUESTION).statusCode(), "three requests at 3 RPM, hits included");
        }
    }

    @Test
    void should_count_a_hits_tokens_but_not_the_request_when_so_configured() throws Exception {
        try (GatewayFixture fx = start("""
                limits:
                  cache-hits: { requests: false, tokens: true }
                """)) {
            HttpResponse<String> miss = ask(fx, QUESTION);
            long estimate = 10_000 - remainingTokens(miss);
            long used = usedTokens(miss);
            awaitStored(fx);

            for (int i = 1; i <= 4; i++) {
                HttpResponse<String> hit = ask(fx, QUESTION);
                assertEquals(200, hit.statusCode(), "hit " + i + " at 3 RPM: " + hit.body());
                assertEquals("hit-exact", header(hit, "x-reprise-cache"));
                assertEquals("1", header(hit, "x-ratelimit-remaining-requests"), "each hit gave its request back");
                assertEquals(10_000 - used * i - estimate, remainingTokens(hit), "each hit takes its answer's tokens");
            }
        }
    }
}
