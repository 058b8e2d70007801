package dev.reprise.gateway.upstream;

import dev.reprise.models.catalogue.Deployment;
import dev.reprise.models.provider.ProviderException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One attempt's hold on a deployment and key: it counts as in flight until released, and its result
 * feeds the breaker, the latency average and the key's rest. Which failures count against the breaker
 * is decided here, by exception type.
 */
public final class Lease {

    /** A 429 without Retry-After rests its key this long. */
    static final Duration DEFAULT_REST = Duration.ofSeconds(1);
    /** How long a pooled key that the upstream refused (401/403) sits out: long enough to stop hammering it. */
    static final Duration REJECTED_KEY_REST = Duration.ofMinutes(5);

    private final DeploymentState state;
    private final int keyIndex;
    private final Clock clock;
    private final AtomicBoolean released = new AtomicBoolean();
    private final AtomicBoolean judged = new AtomicBoolean();
    /** The breaker's state when this lease took its permission: a result only speaks for that state. */
    private final CircuitBreaker.State acquiredIn;

    Lease(DeploymentState state, int keyIndex, Clock clock) {
        this.state = state;
        this.keyIndex = keyIndex;
        this.clock = clock;
        this.acquiredIn = state.breaker().getState();
        state.enter();
    }

    /** The deployment to call, with this lease's key. */
    public Deployment deployment() {
        return state.keys().deployment(keyIndex);
    }

    public DeploymentState state() {
        return state;
    }

    /** Which key of the deployment's pool this lease holds, for logs: "key 2 of 3", never the key. */
    public String keyPosition() {
        return "key " + (keyIndex + 1) + " of " + state.keys().size();
    }

    /** The upstream answered (a whole answer, or a stream's first token) after {@code latency}. */
    public void succeeded(Duration latency) {
        if (!judged.compareAndSet(false, true)) {
            return;
        }
        state.latency().record(latency);
        CircuitBreaker breaker = state.breaker();
        if (breaker.getState() != acquiredIn) {
            // A slow call from before the breaker opened is no probe: its success must not close a half-open
            // breaker, nor hand back a probe permission it never took.
            return;
        }
        if (acquiredIn == CircuitBreaker.State.HALF_OPEN) {
            breaker.onSuccess(latency.toNanos(), TimeUnit.NANOSECONDS);
        } else {
            // Only failures count while closed: see DeploymentState.
            breaker.releasePermission();
        }
    }

    /**
     * The attempt failed: a 429 rests the key; outages, cut answers and bad credentials count against the breaker.
     *
     * @return true when this failure opened the deployment's breaker
     */
    public boolean failed(Duration latency, ProviderException error) {
        if (!judged.compareAndSet(false, true)) {
            return false;
        }
        CircuitBreaker breaker = state.breaker();
        CircuitBreaker.State before = breaker.getState();
        switch (error) {
            case ProviderException.RateLimited r -> {
                Duration rest = r.retryAfter().filter(d -> d.isPositive()).orElse(DEFAULT_REST);
                state.keys().rest(keyIndex, clock.instant().plus(rest));
                breaker.releasePermission();
            }
            case ProviderException.Retriable other -> breaker.onError(latency.toNanos(), TimeUnit.NANOSECONDS, other);
            // Not retried, but the deployment's fault all the same.
            case ProviderException.IncompleteAnswer cut ->
                    breaker.onError(latency.toNanos(), TimeUnit.NANOSECONDS, cut);
            case ProviderException.AuthFailed auth -> {
                if (state.keys().size() > 1) {
                    // One revoked key of a pool says nothing about the deployment: rest that key, and let
                    // the others carry on without tripping the breaker they share.
                    state.keys().rest(keyIndex, clock.instant().plus(REJECTED_KEY_REST));
                    breaker.releasePermission();
                } else {
                    breaker.onError(latency.toNanos(), TimeUnit.NANOSECONDS, auth);
                }
            }
            default -> breaker.releasePermission();
        }
        return before != CircuitBreaker.State.OPEN && breaker.getState() == CircuitBreaker.State.OPEN;
    }

    /** Ends the hold; idempotent. A lease never judged gives its breaker permission back. */
    public void release() {
        if (released.compareAndSet(false, true)) {
            if (judged.compareAndSet(false, true) && state.breaker().getState() == acquiredIn) {
                state.breaker().releasePermission();
            }
            state.leave();
        }
    }
}
