package dev.reprise.gateway.upstream;

import dev.reprise.gateway.metrics.GatewayMetrics;
import dev.reprise.gateway.routing.BreakerSettings;
import dev.reprise.gateway.routing.DeploymentSpec;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Logger;

/**
 * The live state of one deployment: its circuit breaker (Resilience4j, reading the injected clock), the
 * calls in flight, its latency average and its key pool. Shared by every request to its alias.
 *
 * <p>The breaker counts failures only: a time window of {@code window}, a minimum of {@code failures}
 * calls and a 100% threshold make it open after that many failures within the window, whatever the
 * successes in between. Successes are recorded only for the half-open probe, which closes it.
 */
public final class DeploymentState {

    private static final Logger LOG = Logger.getLogger(DeploymentState.class.getName());

    private final DeploymentSpec spec;
    private final CircuitBreaker breaker;
    private final AtomicInteger inFlight = new AtomicInteger();
    private final LatencyEwma latency = new LatencyEwma();
    private final KeyPool keys;
    private volatile Instant reopensAt;

    public DeploymentState(DeploymentSpec spec, BreakerSettings settings, Clock clock, GatewayMetrics metrics) {
        this.spec = spec;
        this.keys = new KeyPool(spec.keyed());
        CircuitBreakerConfig config = CircuitBreakerConfig.custom()
                .slidingWindowType(CircuitBreakerConfig.SlidingWindowType.TIME_BASED)
                .slidingWindowSize((int) Math.max(1, settings.window().toSeconds()))
                .minimumNumberOfCalls(settings.failures())
                .failureRateThreshold(100)
                .slowCallDurationThreshold(Duration.ofDays(1))
                .waitDurationInOpenState(settings.coolDown())
                .permittedNumberOfCallsInHalfOpenState(1)
                .clock(clock)
                .currentTimestampFunction(Clock::millis, TimeUnit.MILLISECONDS)
                .build();
        this.breaker = CircuitBreaker.of(spec.id(), config);
        breaker.getEventPublisher().onStateTransition(e -> {
            CircuitBreaker.State from = e.getStateTransition().getFromState();
            CircuitBreaker.State to = e.getStateTransition().getToState();
            if (to == CircuitBreaker.State.OPEN) {
                // Resilience4j keeps its own wake-up time private; it is this, read from the same clock.
                reopensAt = clock.instant().plus(settings.coolDown());
            }
            metrics.breakerTransition(spec.id(), from.name(), to.name());
            if (to == CircuitBreaker.State.CLOSED) {
                LOG.info(() -> "deployment " + spec.id() + " recovered: its breaker closed after a successful probe");
            }
        });
    }

    /**
     * When an open breaker lets its next probe through; empty unless the breaker is open (a half-open one
     * waits for the probe in flight, which has no set time).
     */
    public Optional<Instant> reopensAt() {
        return breaker.getState() == CircuitBreaker.State.OPEN ? Optional.ofNullable(reopensAt) : Optional.empty();
    }

    public DeploymentSpec spec() {
        return spec;
    }

    public String id() {
        return spec.id();
    }

    public CircuitBreaker breaker() {
        return breaker;
    }

    public KeyPool keys() {
        return keys;
    }

    public LatencyEwma latency() {
        return latency;
    }

    public int inFlight() {
        return inFlight.get();
    }

    void enter() {
        inFlight.incrementAndGet();
    }

    void leave() {
        inFlight.decrementAndGet();
    }
}
