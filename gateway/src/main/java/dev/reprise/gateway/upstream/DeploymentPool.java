package dev.reprise.gateway.upstream;

import dev.reprise.gateway.metrics.GatewayMetrics;
import dev.reprise.gateway.routing.AliasRoute;
import dev.reprise.gateway.routing.DeploymentSpec;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.random.RandomGenerator;

/**
 * An alias's deployments and how to choose among them. {@link #acquire} hands out a {@link Lease} on a
 * deployment whose breaker lets a call through and which has a key that is not resting.
 */
public final class DeploymentPool {

    private final AliasRoute route;
    private final List<DeploymentState> states;
    private final Balancer balancer;
    private final Clock clock;

    public DeploymentPool(AliasRoute route, Clock clock, RandomGenerator random, GatewayMetrics metrics) {
        this.route = route;
        this.clock = clock;
        List<DeploymentState> built = new ArrayList<>();
        for (DeploymentSpec spec : route.deployments()) {
            built.add(new DeploymentState(spec, route.breaker(), clock, metrics));
        }
        this.states = List.copyOf(built);
        this.balancer = new Balancer(route.strategy(), random);
    }

    public AliasRoute route() {
        return route;
    }

    public List<DeploymentState> states() {
        return states;
    }

    /**
     * A lease on the deployment the strategy picks among those that may be called now.
     *
     * @throws Unavailable when none may: every breaker open, or every key resting
     */
    public Lease acquire() {
        Instant now = clock.instant();
        List<DeploymentState> candidates = new ArrayList<>();
        for (DeploymentState s : states) {
            if (s.keys().anyAvailable(now)) {
                candidates.add(s);
            }
        }
        while (!candidates.isEmpty()) {
            DeploymentState chosen = balancer.choose(candidates);
            // The breaker decides last: an open one may turn half-open here and let this call be its probe.
            if (chosen.breaker().tryAcquirePermission()) {
                int key = chosen.keys().pick(now);
                if (key >= 0) {
                    return new Lease(chosen, key, clock);
                }
                chosen.breaker().releasePermission();
            }
            candidates.remove(chosen);
        }
        throw new Unavailable(route.alias(), earliestWake(now), openCircuits());
    }

    /** The deployments whose breaker refuses calls now: open, or half-open with its probe in flight. */
    private List<Unavailable.OpenCircuit> openCircuits() {
        List<Unavailable.OpenCircuit> open = new ArrayList<>();
        for (DeploymentState s : states) {
            if (s.breaker().getState() != CircuitBreaker.State.CLOSED) {
                open.add(new Unavailable.OpenCircuit(s.id(), s.reopensAt().orElse(null)));
            }
        }
        return open;
    }

    /** True when some deployment has a free key and a breaker that is not open: a 429 can move on at once. */
    public boolean hasFreeKey() {
        Instant now = clock.instant();
        for (DeploymentState s : states) {
            if (s.keys().anyAvailable(now) && s.breaker().getState() != CircuitBreaker.State.OPEN) {
                return true;
            }
        }
        return false;
    }

    /** When the first resting key among deployments with a usable breaker wakes, or null. */
    private Instant earliestWake(Instant now) {
        Instant best = null;
        for (DeploymentState s : states) {
            if (s.breaker().getState() == CircuitBreaker.State.OPEN) {
                continue;
            }
            Instant w = s.keys().earliestWake(now).orElse(null);
            if (w != null && (best == null || w.isBefore(best))) {
                best = w;
            }
        }
        return best;
    }
}
