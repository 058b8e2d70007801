package dev.reprise.gateway.routing;

import java.util.List;
import java.util.Objects;

/**
 * Everything the gateway knows about sending one alias's requests: its deployments and how to spread
 * load over them, the aliases to fall back to, retries, the breaker, and its A/B variants.
 */
public record AliasRoute(String alias, List<DeploymentSpec> deployments, Strategy strategy, List<String> fallbacks,
                         String contextFallback, RetrySettings retry, BreakerSettings breaker, List<Variant> variants) {

    public AliasRoute {
        Objects.requireNonNull(alias, "alias");
        deployments = List.copyOf(deployments);
        strategy = strategy == null ? Strategy.WEIGHTED : strategy;
        fallbacks = fallbacks == null ? List.of() : List.copyOf(fallbacks);
        retry = retry == null ? RetrySettings.defaults() : retry;
        breaker = breaker == null ? BreakerSettings.defaults() : breaker;
        variants = variants == null ? List.of() : List.copyOf(variants);
    }

    /** An alias served by one deployment with default policies: what a flat {@code models:} entry means. */
    public static AliasRoute single(dev.reprise.models.catalogue.Deployment deployment) {
        return new AliasRoute(deployment.alias(), List.of(DeploymentSpec.single(deployment, 0)), null, null, null,
                null, null, null);
    }
}
