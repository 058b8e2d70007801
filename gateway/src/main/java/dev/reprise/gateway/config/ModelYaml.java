package dev.reprise.gateway.config;

import dev.reprise.gateway.guardrails.GuardrailsYaml;
import dev.reprise.gateway.routing.AliasRoute;
import dev.reprise.gateway.routing.DeploymentSpec;
import dev.reprise.gateway.routing.Strategy;
import dev.reprise.models.catalogue.Price;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * One entry of the {@code models:} list as written in YAML: an alias served either by the flat fields
 * (one deployment, as before) or by a {@code deployments:} list, with its load-balancing strategy,
 * fallbacks, retry and breaker settings, A/B variants, guardrail overrides and shadow candidates. Defaults sit next to the fields they fill.
 */
record ModelYaml(String name, String provider, String model, String baseUrl, String apiKey, List<String> apiKeys,
                 String timeout, String connectTimeout, String firstByteTimeout, String totalTimeout, Integer weight,
                 String latency, PriceYaml price,
                 Double cacheThreshold, List<DeploymentYaml> deployments, String strategy, List<String> fallbacks,
                 String contextFallback, RoutingYaml.RetryYaml retry, RoutingYaml.BreakerYaml breaker,
                 List<RoutingYaml.VariantYaml> variants, GuardrailsYaml guardrails,
                 List<ShadowYaml.TargetYaml> shadow) {

    /** Aliases are what clients send as {@code model}; OpenAI's own names have dots, colons and slashes. */
    static final Pattern ALIAS = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:/-]{0,127}");

    /** USD per one million tokens; absent means free. */
    record PriceYaml(Double input, Double output) {
    }

    String alias(String path) {
        if (name == null || name.isBlank()) {
            throw ConfigException.at(path + ".name", "is required (the alias clients send as \"model\")");
        }
        if (!ALIAS.matcher(name).matches()) {
            throw ConfigException.at(path + ".name", "'" + name
                    + "' must be 1-128 letters, digits, '.', '_', ':', '/' or '-'");
        }
        return name.strip();
    }

    /**
     * The alias's route with the deployments that have their keys, or empty when none has (the alias is
     * then skipped). Alias references (fallbacks, variants) are checked later, once every alias is known.
     */
    Optional<AliasRoute> resolve(String path) {
        String alias = alias(path);
        Price aliasPrice = price(path + ".price", price);
        List<DeploymentSpec> specs = new ArrayList<>();
        if (deployments != null) {
            if (provider != null || model != null || baseUrl != null || apiKey != null || apiKeys != null
                    || timeout != null || connectTimeout != null || firstByteTimeout != null || totalTimeout != null
                    || latency != null || weight != null) {
                throw ConfigException.at(path + ".deployments", "give either deployments or the flat provider, "
                        + "model, base-url, api-key and timeout fields, not both");
            }
            if (deployments.isEmpty()) {
                throw ConfigException.at(path + ".deployments", "is empty; list at least one deployment");
            }
            for (int i = 0; i < deployments.size(); i++) {
                DeploymentYaml d = deployments.get(i);
                if (d == null) {
                    throw ConfigException.at(path + ".deployments[" + i + "]", "is empty; expected provider and model");
                }
                d.resolve(path + ".deployments[" + i + "]", alias, i, aliasPrice).ifPresent(specs::add);
            }
        } else {
            new DeploymentYaml(provider, model, baseUrl, apiKey, apiKeys, timeout, connectTimeout, firstByteTimeout,
                    totalTimeout, weight, latency, null).resolve(path, alias, 0, aliasPrice).ifPresent(specs::add);
        }
        if (specs.isEmpty()) {
            return Optional.empty();
        }
        Strategy s = null;
        if (strategy != null) {
            try {
                s = Strategy.fromConfig(strategy.strip());
            } catch (IllegalArgumentException e) {
                throw ConfigException.at(path + ".strategy", e.getMessage());
            }
        }
        return Optional.of(new AliasRoute(alias, specs, s, fallbacks == null ? List.of() : fallbacks.stream()
                .map(f -> f == null ? "" : f.strip()).toList(),
                contextFallback == null ? null : contextFallback.strip(),
                RoutingYaml.retry(path + ".retry", retry), RoutingYaml.breaker(path + ".breaker", breaker),
                RoutingYaml.variants(path + ".variants", variants)));
    }

    static Price price(String path, PriceYaml price) {
        if (price == null) {
            return Price.FREE;
        }
        double in = checkPrice(path + ".input", price.input());
        double out = checkPrice(path + ".output", price.output());
        return new Price(in, out);
    }

    private static double checkPrice(String key, Double value) {
        if (value == null) {
            return 0;
        }
        if (value.isNaN() || value.isInfinite() || value < 0) {
            throw ConfigException.at(key, "must be a number >= 0 (USD per 1M tokens), got " + value);
        }
        return value;
    }
}
