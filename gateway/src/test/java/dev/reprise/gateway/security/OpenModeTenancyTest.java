package dev.reprise.gateway.security;

import dev.reprise.gateway.GatewayFixture;
import dev.reprise.gateway.cache.CacheStatus;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * In open mode (no gateway keys) the bearer token is the tenant: callers with different tokens never share a cache
 * entry, and callers without one share the {@code anonymous} tenant, as SECURITY.md says.
 */
class OpenModeTenancyTest {

    private static final String QUESTION = GatewayFixture.chat("mock", "Can I get a refund after thirty days?");

    @Test
    void should_keep_callers_with_different_tokens_apart_and_put_callers_without_one_together() {
        try (GatewayFixture fx = GatewayFixture.start("cache:\n  ttl: 1h\n" + GatewayFixture.MOCK_ONLY)) {
            assertEquals("miss", ask(fx, "Bearer token-of-alice"));
            assertTrue(fx.gateway.cache().orElseThrow().awaitPendingWrites(Duration.ofSeconds(10)));

            assertEquals("miss", ask(fx, "Bearer token-of-bob"), "another token is another tenant");
            assertEquals("miss", ask(fx, null), "no token is the anonymous tenant, not alice's");
            assertTrue(fx.gateway.cache().orElseThrow().awaitPendingWrites(Duration.ofSeconds(10)));
            assertEquals("hit-exact", ask(fx, "Bearer token-of-alice"));
            assertEquals("hit-exact", ask(fx, null), "every caller without a token shares the anonymous tenant");
        }
    }

    private static String ask(GatewayFixture fx, String authorization) {
        HttpResponse<String> r = authorization == null ? fx.post("/v1/chat/completions", QUESTION)
                : fx.post("/v1/chat/completions", QUESTION, "Authorization", authorization);
        assertEquals(200, r.statusCode(), r.body());
        return r.headers().firstValue(CacheStatus.HEADER).orElse("(none)");
    }
}
