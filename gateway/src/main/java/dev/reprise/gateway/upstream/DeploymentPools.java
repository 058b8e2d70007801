package dev.reprise.gateway.upstream;

import dev.reprise.gateway.metrics.GatewayMetrics;
import dev.reprise.gateway.routing.AliasRoute;
import dev.reprise.gateway.routing.RoutingTable;

import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.random.RandomGenerator;

/** Every alias's {@link DeploymentPool}, built once at start: the live state the admin API shows. */
public final class DeploymentPools {

    private final Map<String, DeploymentPool> byAlias;

    public DeploymentPools(RoutingTable table, Clock clock, RandomGenerator random, GatewayMetrics metrics) {
        Map<String, DeploymentPool> map = new LinkedHashMap<>();
        for (AliasRoute route : table.aliases().values()) {
            map.put(route.alias(), new DeploymentPool(route, clock, random, metrics));
        }
        this.byAlias = java.util.Collections.unmodifiableMap(map);
    }

    public Optional<DeploymentPool> of(String alias) {
        return Optional.ofNullable(byAlias.get(alias));
    }

    public Map<String, DeploymentPool> all() {
        return byAlias;
    }
}
