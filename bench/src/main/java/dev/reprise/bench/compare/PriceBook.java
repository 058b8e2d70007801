package dev.reprise.bench.compare;

import dev.reprise.gateway.routing.AliasRoute;
import dev.reprise.gateway.routing.DeploymentSpec;
import dev.reprise.gateway.routing.RoutingTable;
import dev.reprise.models.catalogue.Deployment;
import dev.reprise.models.catalogue.Price;

import java.util.Optional;

/**
 * What an answer cost, at the price the config gives the deployment that served it: the gateway sends no cost
 * header, but it names the alias a fallback moved to and the upstream model that answered. Without a config
 * (a remote gateway and no {@code --config}) nothing is priced.
 */
public final class PriceBook {

    public static final PriceBook NONE = new PriceBook(null);

    private final RoutingTable routing;

    public PriceBook(RoutingTable routing) {
        this.routing = routing;
    }

    /** The cost of {@code result}, or null when its tokens or its deployment's price are unknown. */
    public Double cost(String alias, CallResult result) {
        if (routing == null || result.inputTokens() == null || result.outputTokens() == null) {
            return null;
        }
        String served = servingAlias(alias, result.fallback());
        return price(served, result.servedModel())
                .or(() -> result.servedModel() == null ? Optional.empty() : anyWithModel(result.servedModel()))
                .map(p -> p.cost(result.inputTokens(), result.outputTokens()))
                .orElse(null);
    }

    /** {@code a -> b} names the alias that answered last. */
    static String servingAlias(String alias, String fallback) {
        if (fallback == null || !fallback.contains("->")) {
            return alias;
        }
        return fallback.substring(fallback.lastIndexOf("->") + 2).strip();
    }

    private Optional<Price> price(String alias, String upstreamModel) {
        Optional<AliasRoute> route = routing.alias(alias);
        if (route.isEmpty()) {
            return Optional.empty();
        }
        for (DeploymentSpec spec : route.get().deployments()) {
            Deployment d = spec.primary();
            if (upstreamModel == null || d.upstreamModel().equals(upstreamModel)) {
                return Optional.of(d.price());
            }
        }
        return route.get().deployments().size() == 1
                ? Optional.of(route.get().deployments().getFirst().primary().price()) : Optional.empty();
    }

    private Optional<Price> anyWithModel(String upstreamModel) {
        return routing.aliases().values().stream()
                .flatMap(r -> r.deployments().stream())
                .map(DeploymentSpec::primary)
                .filter(d -> d.upstreamModel().equals(upstreamModel))
                .map(Deployment::price)
                .findFirst();
    }
}
