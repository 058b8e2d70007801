package dev.reprise.gateway.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.reprise.gateway.Gateway;
import dev.reprise.gateway.GatewayFixture;
import dev.reprise.testing.TestClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static dev.reprise.gateway.GatewayFixture.chat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Two gateways in one JVM sharing one real redis-server and one tenant's RPM limit: together they admit the limit,
 * not twice it; with Redis gone each serves on its own local limit and says so; with Redis back they share again.
 */
class SharedRateLimitsTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int RPM = 10;
    /** A bound on noticing a restarted Redis (probed every 50 ms), not a timing under test. */
    private static final Duration RECONNECT_DEADLINE = Duration.ofSeconds(20);

    private final TestClock clock = new TestClock(Instant.parse("2026-03-02T10:00:00Z"));
    private RedisServer redis;
    private GatewayFixture a;
    private GatewayFixture b;

    @BeforeEach
    void start() throws Exception {
        redis = RedisServer.start();
        a = node();
        b = node();
    }

    @AfterEach
    void stop() throws Exception {
        for (AutoCloseable c : new AutoCloseable[] {a, b, redis}) {
            if (c != null) {
                c.close();
            }
        }
    }

    private GatewayFixture node() {
        return GatewayFixture.start(GatewayFixture.config(GatewayFixture.MOCK_ONLY + """
                keys:
                  - { id: web, key: rk-web, tenant: acme }
                limits:
                  tenants:
                    acme: { rpm: %d }
                cluster:
                  redis-url: %s
                  command-timeout: 2s
                  probe-interval: 50ms
                """.formatted(RPM, redis.url())), Gateway.Options.defaults().withClock(clock));
    }

    private static HttpResponse<String> ask(GatewayFixture fx) {
        return fx.post("/v1/chat/completions", chat("mock", "How long is the warranty?"),
                "Authorization", "Bearer rk-web");
    }

    /** Sends {@code n} requests alternately to a and b; returns how many each admitted. */
    private int[] alternate(int n) {
        int[] admitted = new int[2];
        List<GatewayFixture> nodes = List.of(a, b);
        for (int i = 0; i < n; i++) {
            HttpResponse<String> r = ask(nodes.get(i % 2));
            assertTrue(r.statusCode() == 200 || r.statusCode() == 429, r.statusCode() + ": " + r.body());
            if (r.statusCode() == 200) {
                admitted[i % 2]++;
            }
        }
        return admitted;
    }

    @Test
    void should_admit_exactly_the_limit_across_two_gateways_sharing_redis() {
        int[] admitted = alternate(2 * RPM);

        assertEquals(RPM, admitted[0] + admitted[1], "one tenant limit for the cluster, not one per node");
        assertEquals(RPM / 2, admitted[0]);
        HttpResponse<String> refused = ask(a);
        assertEquals(429, refused.statusCode());
        assertEquals("6", refused.headers().firstValue("retry-after").orElse(null), "10 RPM: one back every 6 s");

        clock.advance(Duration.ofSeconds(6));
        assertEquals(200, ask(b).statusCode(), "the refill is shared too");
        assertEquals(429, ask(a).statusCode());
        assertEquals("UP", redisHealth(a));
        assertEquals(0.0, metric(a, "reprise_ratelimit_fallback_total"));
        assertEquals(1.0, metric(a, "reprise_cluster_redis_up"));
    }

    @Test
    void should_serve_on_local_limits_while_redis_is_down_and_share_again_once_it_is_back() throws Exception {
        int[] shared = alternate(2 * RPM);
        assertEquals(RPM, shared[0] + shared[1]);

        redis.stop();
        for (int i = 1; i <= RPM; i++) {
            HttpResponse<String> r = ask(a);
            assertEquals(200, r.statusCode(), "request " + i + " with Redis down: " + r.body());
        }
        assertEquals(429, ask(a).statusCode(), "node a's own limit, a whole RPM while Redis is away");
        assertEquals(200, ask(b).statusCode(), "node b has its own local buckets");

        HttpResponse<String> health = a.get("/health");
        assertEquals(200, health.statusCode(), "readiness does not depend on Redis: " + health.body());
        assertEquals("DOWN", redisHealth(a));
        assertEquals(RPM + 1.0, metric(a, "reprise_ratelimit_fallback_total"));
        assertEquals(0.0, metric(a, "reprise_cluster_redis_up"));

        redis.restart();
        awaitRedisUp(a);
        awaitRedisUp(b);
        // The restarted Redis kept nothing: a fresh shared allowance, drawn on by both nodes together.
        int[] again = alternate(2 * RPM);
        assertEquals(RPM, again[0] + again[1], "shared again once Redis is back");
        assertEquals(1.0, metric(a, "reprise_cluster_redis_up"));
        assertEquals(RPM + 1.0, metric(a, "reprise_ratelimit_fallback_total"), "no fallback since");
    }

    @Test
    void should_serve_a_request_on_local_limits_when_redis_hangs_instead_of_waiting_on_it() throws Exception {
        assertEquals(200, ask(a).statusCode());
        redis.pause();
        try {
            // Redis keeps the connection but never answers: the call gives up after command-timeout (2s here).
            HttpResponse<String> r = ask(a);
            assertEquals(200, r.statusCode(), r.body());
            assertEquals("DOWN", redisHealth(a));
            assertEquals(1.0, metric(a, "reprise_ratelimit_fallback_total"));
        } finally {
            redis.resume();
        }
        awaitRedisUp(a);
        assertEquals(200, ask(a).statusCode());
        assertEquals(1.0, metric(a, "reprise_ratelimit_fallback_total"), "shared again");
    }

    @Test
    void should_start_on_local_limits_when_redis_is_down_at_start_and_share_once_it_comes() throws Exception {
        redis.stop();
        try (GatewayFixture c = node()) {
            assertEquals(200, ask(c).statusCode(), "a node starts and serves without its Redis");
            assertEquals("DOWN", redisHealth(c));
            assertEquals(1.0, metric(c, "reprise_ratelimit_fallback_total"));

            redis.restart();
            awaitRedisUp(c);
            awaitRedisUp(a);
            for (int i = 0; i < RPM; i++) {
                assertEquals(200, ask(i % 2 == 0 ? a : c).statusCode(), "request " + (i + 1));
            }
            assertEquals(429, ask(c).statusCode(), "a and c share the limit");
        }
    }

    private static void awaitRedisUp(GatewayFixture fx) {
        long deadline = System.nanoTime() + RECONNECT_DEADLINE.toNanos();
        while (!"UP".equals(redisHealth(fx))) {
            if (System.nanoTime() > deadline) {
                fail("Redis not back within " + RECONNECT_DEADLINE + ": " + fx.get("/health").body());
            }
            LockSupport.parkNanos(Duration.ofMillis(20).toNanos());
        }
    }

    private static String redisHealth(GatewayFixture fx) {
        try {
            JsonNode body = JSON.readTree(fx.get("/health").body());
            return body.path("components").path("redis").asText();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private static double metric(GatewayFixture fx, String name) {
        Matcher m = Pattern.compile("(?m)^" + name + "(\\{[^}]*})? ([0-9.eE+-]+)$").matcher(fx.get("/metrics").body());
        return m.find() ? Double.parseDouble(m.group(2)) : 0;
    }
}
