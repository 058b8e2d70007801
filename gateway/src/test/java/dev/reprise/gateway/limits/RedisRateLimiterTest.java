package dev.reprise.gateway.limits;

import dev.reprise.gateway.cluster.ClusterSettings;
import dev.reprise.gateway.cluster.RedisAddress;
import dev.reprise.gateway.cluster.RedisLink;
import dev.reprise.gateway.cluster.RedisServer;
import dev.reprise.testing.TestClock;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The Redis limiter's all-or-nothing across scopes and its settling, against a real redis-server. */
class RedisRateLimiterTest {

    private final TestClock clock = new TestClock(Instant.parse("2026-03-02T10:00:00Z"));
    private RedisServer redis;
    private RedisLink link;
    private RedisRateLimiter limiter;

    @BeforeEach
    void start() throws Exception {
        redis = RedisServer.start();
        link = RedisLink.open(new ClusterSettings(new RedisAddress("127.0.0.1", redis.port(), null, null, 0),
                Duration.ofSeconds(2), Duration.ofSeconds(2), Duration.ofHours(1)), new SimpleMeterRegistry());
        assertTrue(link.up(), "redis-server on port " + redis.port() + " is reachable");
        limiter = new RedisRateLimiter(link, clock);
    }

    @AfterEach
    void stop() throws Exception {
        if (link != null) {
            link.close();
        }
        if (redis != null) {
            redis.close();
        }
    }

    private static ScopeLimit key(long rpm, long tpm) {
        return new ScopeLimit(LimitScope.KEY, "k", "key 'k'", new RateLimits(rpm, tpm));
    }

    private static ScopeLimit tenant(long rpm, long tpm) {
        return new ScopeLimit(LimitScope.TENANT, "acme", "tenant 'acme'", new RateLimits(rpm, tpm));
    }

    @Test
    void should_give_back_what_an_earlier_scope_took_when_a_later_one_refuses() {
        assertInstanceOf(Admission.Granted.class, limiter.acquire(List.of(tenant(1, 0), key(3, 0)), 0));

        // The key is taken from first (scope order), then the tenant refuses: the key's request goes back.
        Admission.Refused refused = assertInstanceOf(Admission.Refused.class,
                limiter.acquire(List.of(tenant(1, 0), key(3, 0)), 0));
        assertEquals(LimitScope.TENANT, refused.by().scope());
        assertEquals(Duration.ofMinutes(1), refused.retryAfter(), "1 RPM: a minute until the next");

        assertEquals(1, ((Admission.Granted) limiter.acquire(List.of(key(3, 0)), 0)).requests().remaining());
        assertEquals(0, ((Admission.Granted) limiter.acquire(List.of(key(3, 0)), 0)).requests().remaining());
        assertInstanceOf(Admission.Refused.class, limiter.acquire(List.of(key(3, 0)), 0));
    }

    @Test
    void should_refuse_on_tokens_without_spending_the_request_and_settle_to_the_real_usage() {
        Admission.Granted first = assertInstanceOf(Admission.Granted.class,
                limiter.acquire(List.of(key(10, 1000)), 800));
        assertEquals(200, first.tokens().remaining());
        Admission.Refused refused = assertInstanceOf(Admission.Refused.class,
                limiter.acquire(List.of(key(10, 1000)), 500));
        assertTrue(refused.tokensKind());

        first.permit().settle(1, 300);
        Admission.Granted second = assertInstanceOf(Admission.Granted.class,
                limiter.acquire(List.of(key(10, 1000)), 500));
        assertEquals(200, second.tokens().remaining(), "1000 - 300 used - 500 estimated");
        assertEquals(8, second.requests().remaining(), "the refused request took none");
    }

    @Test
    void should_refill_by_the_injected_clock() {
        for (int i = 0; i < 2; i++) {
            assertInstanceOf(Admission.Granted.class, limiter.acquire(List.of(key(2, 0)), 0));
        }
        assertInstanceOf(Admission.Refused.class, limiter.acquire(List.of(key(2, 0)), 0));
        clock.advance(Duration.ofSeconds(30));
        assertInstanceOf(Admission.Granted.class, limiter.acquire(List.of(key(2, 0)), 0));
    }
}
