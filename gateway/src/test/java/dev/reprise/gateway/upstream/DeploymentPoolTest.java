package dev.reprise.gateway.upstream;

import dev.reprise.gateway.metrics.GatewayMetrics;
import dev.reprise.gateway.routing.AliasRoute;
import dev.reprise.gateway.routing.BreakerSettings;
import dev.reprise.gateway.routing.DeploymentSpec;
import dev.reprise.models.catalogue.Deployment;
import dev.reprise.models.catalogue.Price;
import dev.reprise.models.catalogue.ProviderKind;
import dev.reprise.models.catalogue.Secret;
import dev.reprise.models.provider.ProviderException;
import dev.reprise.testing.TestClock;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The breaker's states and the key pool's rests, with time moved by hand. */
class DeploymentPoolTest {

    private final TestClock clock = new TestClock(Instant.parse("2026-01-01T00:00:00Z"));
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

    private static Deployment keyed(String key) {
        return new Deployment("a", ProviderKind.OPENAI, "gpt", "http://127.0.0.1:9", Secret.of(key),
                Duration.ofSeconds(5), Price.FREE, null);
    }

    private DeploymentPool pool(List<Deployment> keys, BreakerSettings breaker) {
        AliasRoute route = new AliasRoute("a", List.of(new DeploymentSpec("a#0", keys, 1, null, null)), null, null, null,
                null, breaker, null);
        return new DeploymentPool(route, clock, new Random(1), new GatewayMetrics(registry));
    }

    private static void fail(DeploymentPool pool) {
        Lease lease = pool.acquire();
        lease.failed(Duration.ofMillis(5), new ProviderException.ServerError("openai", 500, "boom", null));
        lease.release();
    }

    private static void succeed(DeploymentPool pool) {
        Lease lease = pool.acquire();
        lease.succeeded(Duration.ofMillis(5));
        lease.release();
    }

    private static CircuitBreaker.State state(DeploymentPool pool) {
        return pool.states().getFirst().breaker().getState();
    }

    @Test
    void should_open_after_n_failures_then_half_open_with_one_probe_then_close() {
        DeploymentPool pool = pool(List.of(keyed("k1")), new BreakerSettings(3, Duration.ofSeconds(10),
                Duration.ofSeconds(30)));
        fail(pool);
        succeed(pool);
        fail(pool);
        assertEquals(CircuitBreaker.State.CLOSED, state(pool), "two failures are not enough");
        fail(pool);
        assertEquals(CircuitBreaker.State.OPEN, state(pool), "successes in between do not reset the count");
        assertThrows(Unavailable.class, pool::acquire);

        clock.advance(Duration.ofSeconds(29));
        assertThrows(Unavailable.class, pool::acquire, "still cooling down");
        clock.advance(Duration.ofSeconds(2));
        Lease probe = pool.acquire();
        assertEquals(CircuitBreaker.State.HALF_OPEN, state(pool));
        assertThrows(Unavailable.class, pool::acquire, "a single probe at a time");
        probe.succeeded(Duration.ofMillis(5));
        probe.release();
        assertEquals(CircuitBreaker.State.CLOSED, state(pool));
        succeed(pool);

        assertEquals(1.0, registry.get("reprise.breaker.transitions").tags("to", "open").counter().count());
        assertEquals(1.0, registry.get("reprise.breaker.transitions").tags("to", "half_open").counter().count());
        assertEquals(1.0, registry.get("reprise.breaker.transitions").tags("to", "closed").counter().count());
    }

    @Test
    void should_not_let_a_call_from_before_the_breaker_opened_close_it() {
        DeploymentPool pool = pool(List.of(keyed("k1")), new BreakerSettings(1, Duration.ofSeconds(10),
                Duration.ofSeconds(5)));
        Lease slow = pool.acquire();
        fail(pool);
        assertEquals(CircuitBreaker.State.OPEN, state(pool));
        clock.advance(Duration.ofSeconds(6));
        Lease probe = pool.acquire();
        assertEquals(CircuitBreaker.State.HALF_OPEN, state(pool));

        slow.succeeded(Duration.ofSeconds(7));
        slow.release();

        assertEquals(CircuitBreaker.State.HALF_OPEN, state(pool), "only the probe may close the breaker");
        assertThrows(Unavailable.class, pool::acquire, "the stale call gave back no probe permission");
        probe.succeeded(Duration.ofMillis(5));
        probe.release();
        assertEquals(CircuitBreaker.State.CLOSED, state(pool));
    }

    @Test
    void should_reopen_when_the_probe_fails() {
        DeploymentPool pool = pool(List.of(keyed("k1")), new BreakerSettings(1, Duration.ofSeconds(10),
                Duration.ofSeconds(5)));
        fail(pool);
        assertEquals(CircuitBreaker.State.OPEN, state(pool));
        clock.advance(Duration.ofSeconds(6));
        fail(pool);
        assertEquals(CircuitBreaker.State.OPEN, state(pool));
        assertThrows(Unavailable.class, pool::acquire);
    }

    @Test
    void should_forget_failures_older_than_the_window() {
        DeploymentPool pool = pool(List.of(keyed("k1")), new BreakerSettings(2, Duration.ofSeconds(10),
                Duration.ofSeconds(5)));
        fail(pool);
        clock.advance(Duration.ofSeconds(11));
        fail(pool);
        assertEquals(CircuitBreaker.State.CLOSED, state(pool));
    }

    @Test
    void should_rest_a_rate_limited_key_while_the_others_carry_on() {
        DeploymentPool pool = pool(List.of(keyed("k1"), keyed("k2"), keyed("k3")), BreakerSettings.defaults());
        Lease first = pool.acquire();
        String limited = first.deployment().apiKey().reveal();
        first.failed(Duration.ofMillis(5), new ProviderException.RateLimited("openai", "slow down",
                Duration.ofSeconds(20), null));
        first.release();
        for (int i = 0; i < 30; i++) {
            Lease l = pool.acquire();
            assertEquals(false, l.deployment().apiKey().reveal().equals(limited), "the limited key rests");
            l.succeeded(Duration.ofMillis(1));
            l.release();
        }
        assertEquals(CircuitBreaker.State.CLOSED, state(pool), "a 429 is not an outage");
        clock.advance(Duration.ofSeconds(21));
        boolean back = false;
        for (int i = 0; i < 3; i++) {
            Lease l = pool.acquire();
            back |= l.deployment().apiKey().reveal().equals(limited);
            l.release();
        }
        assertEquals(true, back, "the key is used again once its Retry-After has passed");
    }

    @Test
    void should_be_unavailable_until_the_first_key_wakes_when_all_rest() {
        DeploymentPool pool = pool(List.of(keyed("k1")), BreakerSettings.defaults());
        Lease l = pool.acquire();
        l.failed(Duration.ofMillis(5), new ProviderException.RateLimited("openai", "slow", Duration.ofSeconds(3), null));
        l.release();
        Unavailable u = assertThrows(Unavailable.class, pool::acquire);
        assertEquals(clock.instant().plusSeconds(3), u.wake());
    }
}
