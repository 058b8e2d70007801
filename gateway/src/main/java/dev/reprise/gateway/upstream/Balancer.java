package dev.reprise.gateway.upstream;

import dev.reprise.gateway.routing.Strategy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.random.RandomGenerator;

/**
 * Picks one of an alias's available deployments by the alias's {@link Strategy}. One instance per
 * alias, shared by its requests; round robin keeps its position here.
 */
public final class Balancer {

    /** Lowest-latency sends this share of requests to a random deployment, so a recovered one is noticed. */
    static final double EXPLORATION = 0.1;

    private final Strategy strategy;
    private final RandomGenerator random;
    private final AtomicLong turn = new AtomicLong();

    public Balancer(Strategy strategy, RandomGenerator random) {
        this.strategy = strategy;
        this.random = random;
    }

    /** @param candidates at least one deployment, in config order */
    public DeploymentState choose(List<DeploymentState> candidates) {
        if (candidates.size() == 1) {
            return candidates.getFirst();
        }
        return switch (strategy) {
            case WEIGHTED -> weighted(candidates);
            case ROUND_ROBIN -> candidates.get((int) Math.floorMod(turn.getAndIncrement(), (long) candidates.size()));
            case LEAST_IN_FLIGHT -> leastInFlight(candidates);
            case LOWEST_LATENCY -> lowestLatency(candidates);
        };
    }

    private DeploymentState weighted(List<DeploymentState> candidates) {
        long total = 0;
        for (DeploymentState s : candidates) {
            total += s.spec().weight();
        }
        if (total <= 0) {
            return candidates.get(random.nextInt(candidates.size()));
        }
        long r = random.nextLong(total);
        for (DeploymentState s : candidates) {
            r -= s.spec().weight();
            if (r < 0) {
                return s;
            }
        }
        return candidates.getLast();
    }

    private DeploymentState leastInFlight(List<DeploymentState> candidates) {
        int min = Integer.MAX_VALUE;
        List<DeploymentState> best = new ArrayList<>();
        for (DeploymentState s : candidates) {
            int n = s.inFlight();
            if (n < min) {
                min = n;
                best.clear();
            }
            if (n == min) {
                best.add(s);
            }
        }
        // Ties (the common case when idle) take turns, so idle traffic still spreads evenly.
        return best.get((int) Math.floorMod(turn.getAndIncrement(), (long) best.size()));
    }

    private DeploymentState lowestLatency(List<DeploymentState> candidates) {
        for (DeploymentState s : candidates) {
            if (!s.latency().hasSamples()) {
                return s;
            }
        }
        if (random.nextDouble() < EXPLORATION) {
            return candidates.get(random.nextInt(candidates.size()));
        }
        DeploymentState best = candidates.getFirst();
        Duration bestLatency = best.latency().value();
        for (DeploymentState s : candidates) {
            if (s.latency().value().compareTo(bestLatency) < 0) {
                best = s;
                bestLatency = s.latency().value();
            }
        }
        return best;
    }
}
