package dev.reprise.gateway.routing;

import dev.reprise.gateway.Gateway;
import dev.reprise.gateway.GatewayFixture;
import dev.reprise.testing.TestClock;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A key pool: a key that got a 429 rests for its Retry-After while the other keys carry on. */
class KeyRotationTest {

    @Test
    void should_rest_a_rate_limited_key_and_carry_on_with_the_others() throws Exception {
        TestClock clock = new TestClock(Instant.parse("2026-01-01T00:00:00Z"));
        try (ScriptedUpstream up = new ScriptedUpstream()) {
            up.always(seen -> "Bearer sk-one".equals(seen.authorization())
                    ? ScriptedUpstream.rateLimited(60_000) : ScriptedUpstream.ok("served"));
            String yaml = """
                    admin:
                      key: adm-1
                    models:
                      - name: pooled
                        provider: openai
                        model: gpt-a
                        base-url: %s
                        api-keys: [sk-one, sk-two]
                    """.formatted(up.baseUrl());
            try (GatewayFixture fx = GatewayFixture.start(GatewayFixture.config(yaml),
                    Gateway.Options.defaults().withClock(clock))) {
                HttpResponse<String> first = fx.post("/v1/chat/completions", GatewayFixture.chat("pooled", "q0"));
                assertEquals(200, first.statusCode(), first.body());
                assertEquals("2", first.headers().firstValue("x-reprise-attempts").orElseThrow(),
                        "sk-one got a 429, sk-two answered at once");
                for (int i = 1; i <= 6; i++) {
                    HttpResponse<String> res = fx.post("/v1/chat/completions", GatewayFixture.chat("pooled", "q" + i));
                    assertEquals(200, res.statusCode(), res.body());
                    assertEquals("1", res.headers().firstValue("x-reprise-attempts").orElseThrow());
                }
                assertEquals(1, countKey(up, "sk-one"), "the limited key rests");
                assertEquals(7, countKey(up, "sk-two"));
                String admin = fx.get("/admin/deployments", "Authorization", "Bearer adm-1").body();
                assertTrue(admin.contains("\"state\":\"resting\""), admin);
                assertTrue(admin.contains("\"state\":\"ready\""), admin);
                assertTrue(!admin.contains("sk-one") && !admin.contains("sk-two"), "keys never shown: " + admin);

                clock.advance(Duration.ofSeconds(61));
                for (int i = 0; i < 2; i++) {
                    assertEquals(200, fx.post("/v1/chat/completions", GatewayFixture.chat("pooled", "w" + i)).statusCode());
                }
                assertEquals(2, countKey(up, "sk-one"), "after its Retry-After the key is tried again");
            }
        }
    }

    @Test
    void should_rest_a_revoked_key_and_keep_the_pool_and_its_breaker_working() throws Exception {
        TestClock clock = new TestClock(Instant.parse("2026-01-01T00:00:00Z"));
        try (ScriptedUpstream up = new ScriptedUpstream()) {
            up.always(seen -> "Bearer sk-revoked".equals(seen.authorization())
                    ? ScriptedUpstream.status(401) : ScriptedUpstream.ok("served"));
            String yaml = """
                    models:
                      - name: pooled
                        provider: openai
                        model: gpt-a
                        base-url: %s
                        api-keys: [sk-revoked, sk-good]
                        strategy: round-robin
                        breaker: { failures: 2, window: 30s, cool-down: 30s }
                    """.formatted(up.baseUrl());
            try (GatewayFixture fx = GatewayFixture.start(GatewayFixture.config(yaml),
                    Gateway.Options.defaults().withClock(clock))) {
                for (int i = 0; i < 8; i++) {
                    HttpResponse<String> res = fx.post("/v1/chat/completions", GatewayFixture.chat("pooled", "q" + i));
                    assertEquals(200, res.statusCode(), res.body());
                }
                assertEquals(1, countKey(up, "sk-revoked"), "a refused key rests instead of failing every other call");
                assertEquals(8, countKey(up, "sk-good"));
            }
        }
    }

    private static long countKey(ScriptedUpstream up, String key) {
        return up.seen.stream().filter(s -> ("Bearer " + key).equals(s.authorization())).count();
    }
}
