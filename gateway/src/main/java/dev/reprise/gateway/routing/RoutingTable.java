package dev.reprise.gateway.routing;

import dev.reprise.models.catalogue.Deployment;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The routing half of the config: each usable alias's {@link AliasRoute} and the {@code routes:} rules
 * in order. Validated on load, so every alias named here exists.
 */
public record RoutingTable(Map<String, AliasRoute> aliases, List<RouteRule> rules) {

    public RoutingTable {
        aliases = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(aliases));
        rules = List.copyOf(rules);
    }

    /** One deployment per alias, default policies, no rules: what a config without routing means. */
    public static RoutingTable of(List<Deployment> models) {
        Map<String, AliasRoute> map = new LinkedHashMap<>();
        for (Deployment d : models) {
            map.put(d.alias(), AliasRoute.single(d));
        }
        return new RoutingTable(map, List.of());
    }

    public Optional<AliasRoute> alias(String name) {
        return Optional.ofNullable(aliases.get(name));
    }

    /** The first rule that matches, if any. */
    public Optional<RouteRule> match(RequestFacts facts) {
        for (RouteRule rule : rules) {
            if (rule.matches(facts)) {
                return Optional.of(rule);
            }
        }
        return Optional.empty();
    }

    /** Every deployment of every alias, once per key: what the provider pool builds. */
    public List<Deployment> allKeyedDeployments() {
        return aliases.values().stream().flatMap(a -> a.deployments().stream())
                .flatMap(s -> s.keyed().stream()).distinct().toList();
    }
}
