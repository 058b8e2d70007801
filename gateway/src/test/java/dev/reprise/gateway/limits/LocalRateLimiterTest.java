package dev.reprise.gateway.limits;

import dev.reprise.testing.TestClock;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The local buckets: all-or-nothing admission across scopes, settling to real usage, limits changed in place. */
class LocalRateLimiterTest {

    private final TestClock clock = new TestClock(Instant.parse("2026-03-02T10:00:00Z"));
    private final LocalRateLimiter limiter = new LocalRateLimiter(clock);

    private static ScopeLimit key(long rpm, long tpm) {
        return new ScopeLimit(LimitScope.KEY, "k", "key 'k'", new RateLimits(rpm, tpm));
    }

    private static ScopeLimit tenant(long rpm, long tpm) {
        return new ScopeLimit(LimitScope.TENANT, "acme", "tenant 'acme'", new RateLimits(rpm, tpm));
    }

    @Test
    void should_take_nothing_from_any_scope_when_one_is_short() {
        Admission.Granted first = assertInstanceOf(Admission.Granted.class,
                limiter.acquire(List.of(key(10, 100), tenant(10, 50)), 40));
        assertEquals(10, first.tokens().remaining(), "the tenant's 50 - 40 is the tightest");

        Admission.Refused refused = assertInstanceOf(Admission.Refused.class,
                limiter.acquire(List.of(key(10, 100), tenant(10, 50)), 40));
        assertEquals("tenant 'acme'", refused.by().subject());
        assertEquals(true, refused.tokensKind());
        assertEquals(Duration.ofSeconds(36), refused.retryAfter(), "30 tokens short at 50 a minute");

        Admission.Granted keyOnly = assertInstanceOf(Admission.Granted.class,
                limiter.acquire(List.of(key(10, 100)), 0));
        assertEquals(60, keyOnly.tokens().remaining(), "the refusal took none of the key's tokens");
        assertEquals(8, keyOnly.requests().remaining(), "nor its request");
    }

    @Test
    void should_settle_to_the_real_usage_and_give_back_an_uncounted_request() {
        Admission.Granted g = assertInstanceOf(Admission.Granted.class, limiter.acquire(List.of(key(2, 100)), 30));
        g.permit().settle(0, 70);
        g.permit().settle(1, 0);

        Admission.Granted next = assertInstanceOf(Admission.Granted.class, limiter.acquire(List.of(key(2, 100)), 0));
        assertEquals(30, next.tokens().remaining(), "70 used; a second settle does nothing");
        assertEquals(1, next.requests().remaining(), "the first request was given back");
    }

    @Test
    void should_charge_at_most_the_capacity_before_the_call() {
        Admission.Granted g = assertInstanceOf(Admission.Granted.class, limiter.acquire(List.of(key(0, 100)), 500));
        assertEquals(0, g.tokens().remaining());
        assertEquals(null, g.requests(), "no request limit");
    }

    @Test
    void should_keep_what_was_used_when_a_limit_changes_and_drop_a_bucket_set_to_zero() {
        limiter.acquire(List.of(key(2, 0)), 0);
        limiter.acquire(List.of(key(2, 0)), 0);
        assertInstanceOf(Admission.Refused.class, limiter.acquire(List.of(key(2, 0)), 0));

        Admission.Granted raised = assertInstanceOf(Admission.Granted.class, limiter.acquire(List.of(key(5, 0)), 0));
        assertEquals(2, raised.requests().remaining(), "5 - 2 used - this one");
        Admission.Granted lowered = assertInstanceOf(Admission.Granted.class, limiter.acquire(List.of(key(2, 0)), 0));
        assertEquals(1, lowered.requests().remaining(), "what was left (2, at most the new limit) - this one");
        limiter.acquire(List.of(key(2, 0)), 0);
        assertInstanceOf(Admission.Refused.class, limiter.acquire(List.of(key(2, 0)), 0));
        assertInstanceOf(Admission.Granted.class, limiter.acquire(List.of(key(0, 10)), 0), "no request limit any more");
    }

    @Test
    void should_refill_by_the_injected_clock() {
        for (int i = 0; i < 60; i++) {
            limiter.acquire(List.of(key(60, 0)), 0);
        }
        Admission.Refused refused = assertInstanceOf(Admission.Refused.class, limiter.acquire(List.of(key(60, 0)), 0));
        assertEquals(Duration.ofSeconds(1), refused.retryAfter());
        assertEquals(Duration.ofMinutes(1), refused.requests().reset());
        clock.advance(Duration.ofSeconds(30));
        Admission.Granted g = assertInstanceOf(Admission.Granted.class, limiter.acquire(List.of(key(60, 0)), 0));
        assertEquals(29, g.requests().remaining());
        assertEquals(Duration.ofSeconds(31), g.requests().reset());
    }

    @Test
    void should_admit_exactly_what_every_scope_allows_under_concurrency() throws Exception {
        // Two keys of one tenant: each key allows 80, the tenant 100 in all.
        List<Future<String>> admitted = new ArrayList<>();
        try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < 500; i++) {
                String id = i % 2 == 0 ? "a" : "b";
                ScopeLimit key = new ScopeLimit(LimitScope.KEY, id, "key '" + id + "'", new RateLimits(80, 0));
                admitted.add(threads.submit(() -> limiter.acquire(List.of(key, tenant(100, 0)), 0)
                        instanceof Admission.Granted ? id : null));
            }
        }
        int a = 0;
        int b = 0;
        for (Future<String> f : admitted) {
            a += "a".equals(f.get()) ? 1 : 0;
            b += "b".equals(f.get()) ? 1 : 0;
        }
        assertEquals(100, a + b, "the tenant's 100 in all");
        assertTrue(a <= 80 && b <= 80, a + " / " + b);
        // Refused requests took nothing from the keys: each key's bucket holds 80 less what it admitted.
        assertEquals(80 - a, keyRemaining("a"));
        assertEquals(80 - b, keyRemaining("b"));
        assertInstanceOf(Admission.Refused.class, limiter.acquire(List.of(tenant(100, 0)), 0));
    }

    /** What a key's bucket holds, seen by a request that gives itself back. */
    private long keyRemaining(String id) {
        ScopeLimit key = new ScopeLimit(LimitScope.KEY, id, "key '" + id + "'", new RateLimits(80, 0));
        Admission.Granted probe = assertInstanceOf(Admission.Granted.class, limiter.acquire(List.of(key), 0));
        probe.permit().settle(0, 0);
        return probe.requests().remaining() + 1;
    }

    @Test
    void should_drop_full_buckets_once_there_are_many() {
        LocalRateLimiter small = new LocalRateLimiter(clock, 3);
        for (String id : List.of("a", "b", "c")) {
            small.acquire(List.of(new ScopeLimit(LimitScope.TENANT, id, id, new RateLimits(10, 0))), 0);
        }
        assertEquals(3, small.scopes());
        clock.advance(Duration.ofMinutes(1));
        small.acquire(List.of(new ScopeLimit(LimitScope.TENANT, "d", "d", new RateLimits(10, 0))), 0);
        assertEquals(1, small.scopes(), "a, b and c were full again, so dropped");
    }

    @Test
    void should_write_resets_as_openai_does() {
        assertEquals("0s", RateLimitHeaders.duration(Duration.ZERO));
        assertEquals("20ms", RateLimitHeaders.duration(Duration.ofMillis(20)));
        assertEquals("1s", RateLimitHeaders.duration(Duration.ofSeconds(1)));
        assertEquals("1.5s", RateLimitHeaders.duration(Duration.ofMillis(1500)));
        assertEquals("6m0s", RateLimitHeaders.duration(Duration.ofMinutes(6)));
        assertEquals("1h2m3.25s", RateLimitHeaders.duration(Duration.ofMillis(3_723_250)));
    }
}
