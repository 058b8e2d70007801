package dev.reprise.gateway.upstream;

import dev.reprise.gateway.metrics.GatewayMetrics;
import dev.reprise.gateway.routing.BreakerSettings;
import dev.reprise.gateway.routing.DeploymentSpec;
import dev.reprise.gateway.routing.Strategy;
import dev.reprise.models.catalogue.Deployment;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Each strategy's choice over deployments whose state the test sets directly. */
class BalancerTest {

    private static DeploymentState state(String id, int weight) {
        Deployment d = Deployment.mock("pool", Duration.ZERO);
        return new DeploymentState(new DeploymentSpec(id, List.of(d), weight, null, null), BreakerSettings.defaults(),
                Clock.systemUTC(), new GatewayMetrics(new SimpleMeterRegistry()));
    }

    private static Map<String, Integer> picks(Balancer balancer, List<DeploymentState> states, int n) {
        Map<String, Integer> out = new HashMap<>();
        for (int i = 0; i < n; i++) {
            out.merge(balancer.choose(states).id(), 1, Integer::sum);
        }
        return out;
    }

    @Test
    void should_pick_by_weight() {
        List<DeploymentState> states = List.of(state("a", 1), state("b", 4), state("c", 0));
        Map<String, Integer> counts = picks(new Balancer(Strategy.WEIGHTED, new Random(7)), states, 10_000);
        double shareB = counts.getOrDefault("b", 0) / 10_000.0;
        assertTrue(shareB > 0.77 && shareB < 0.83, "share of b: " + shareB);
        assertEquals(0, counts.getOrDefault("c", 0), "weight 0 takes nothing");
    }

    @Test
    void should_go_round_in_turn() {
        List<DeploymentState> states = List.of(state("a", 1), state("b", 1), state("c", 1));
        Map<String, Integer> counts = picks(new Balancer(Strategy.ROUND_ROBIN, new Random(7)), states, 300);
        assertEquals(Map.of("a", 100, "b", 100, "c", 100), counts);
    }

    @Test
    void should_pick_the_least_busy_and_share_ties() {
        DeploymentState a = state("a", 1);
        DeploymentState b = state("b", 1);
        Balancer balancer = new Balancer(Strategy.LEAST_IN_FLIGHT, new Random(7));
        assertEquals(Map.of("a", 50, "b", 50), picks(balancer, List.of(a, b), 100));
        a.enter();
        a.enter();
        b.enter();
        assertEquals(Map.of("b", 100), picks(balancer, List.of(a, b), 100));
    }

    @Test
    void should_prefer_the_fastest_but_keep_exploring() {
        DeploymentState fast = state("fast", 1);
        DeploymentState slow = state("slow", 1);
        Balancer balancer = new Balancer(Strategy.LOWEST_LATENCY, new Random(7));
        // A deployment without samples is tried first, so each gets measured.
        assertSame(fast, balancer.choose(List.of(fast, slow)));
        fast.latency().record(Duration.ofMillis(40));
        assertSame(slow, balancer.choose(List.of(fast, slow)));
        slow.latency().record(Duration.ofMillis(400));
        Map<String, Integer> counts = picks(balancer, List.of(fast, slow), 2_000);
        double shareSlow = counts.getOrDefault("slow", 0) / 2_000.0;
        // Exploration sends 10% at random, half of it to the slow one: about 5%.
        assertTrue(shareSlow > 0.02 && shareSlow < 0.09, "share of slow: " + shareSlow);
    }

    @Test
    void should_follow_a_deployment_that_slows_down() {
        LatencyEwma ewma = new LatencyEwma();
        ewma.record(Duration.ofMillis(100));
        for (int i = 0; i < 10; i++) {
            ewma.record(Duration.ofMillis(1000));
        }
        assertTrue(ewma.value().toMillis() > 950, "ewma: " + ewma.value());
    }
}
