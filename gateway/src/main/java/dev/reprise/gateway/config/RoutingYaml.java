package dev.reprise.gateway.config;

import dev.reprise.gateway.routing.AliasRoute;
import dev.reprise.gateway.routing.BreakerSettings;
import dev.reprise.gateway.routing.RetrySettings;
import dev.reprise.gateway.routing.RouteRule;
import dev.reprise.gateway.routing.RoutingTable;
import dev.reprise.gateway.routing.Variant;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.logging.Logger;

/**
 * The routing parts of the YAML: {@code models[].retry}, {@code .breaker}, {@code .variants} and the
 * top-level {@code routes:} list; and the check, once every alias is known, that each alias they name
 * exists. A reference to an alias skipped for a missing key is dropped with an INFO line.
 */
final class RoutingYaml {

    private static final Logger LOG = Logger.getLogger(RoutingYaml.class.getName());

    private RoutingYaml() {
    }

    /** {@code models[].retry}. */
    record RetryYaml(Integer maxAttempts, String initialBackoff, String maxBackoff, String maxRetryAfter,
                     String deadline) {
    }

    /** {@code models[].breaker}. */
    record BreakerYaml(Integer failures, String window, String coolDown) {
    }

    /** {@code models[].variants[]}: a weight, and another alias and/or a system prompt. */
    record VariantYaml(String name, Integer weight, String alias, String prompt, String promptMode) {
    }

    /** {@code routes[]}: conditions under {@code match}, and the alias to use. */
    record RouteYaml(String name, MatchYaml match, String alias) {
    }

    /** {@code routes[].match}: every condition given must hold. */
    record MatchYaml(String taskType, Map<String, String> headers, String model, Long minTokens, Long maxTokens) {
    }

    static RetrySettings retry(String path, RetryYaml y) {
        RetrySettings d = RetrySettings.defaults();
        if (y == null) {
            return d;
        }
        int attempts = y.maxAttempts() == null ? d.maxAttempts() : y.maxAttempts();
        if (attempts < 1 || attempts > 20) {
            throw ConfigException.at(path + ".max-attempts", "must be between 1 and 20, got " + attempts);
        }
        Duration initial = ConfigValues.duration(path + ".initial-backoff", y.initialBackoff(), d.initialBackoff());
        Duration max = ConfigValues.duration(path + ".max-backoff", y.maxBackoff(), d.maxBackoff());
        if (max.compareTo(initial) < 0) {
            throw ConfigException.at(path + ".max-backoff", "must be >= initial-backoff (" + y.initialBackoff()
                    + "), got '" + y.maxBackoff() + "'");
        }
        return new RetrySettings(attempts, initial, max,
                ConfigValues.duration(path + ".max-retry-after", y.maxRetryAfter(), d.maxRetryAfter()),
                ConfigValues.positiveDuration(path + ".deadline", y.deadline(), d.deadline()));
    }

    static BreakerSettings breaker(String path, BreakerYaml y) {
        BreakerSettings d = BreakerSettings.defaults();
        if (y == null) {
            return d;
        }
        int failures = y.failures() == null ? d.failures() : y.failures();
        if (failures < 1) {
            throw ConfigException.at(path + ".failures", "must be >= 1, got " + failures);
        }
        Duration window = ConfigValues.positiveDuration(path + ".window", y.window(), d.window());
        if (window.toSeconds() < 1) {
            throw ConfigException.at(path + ".window", "must be at least 1s, got '" + y.window() + "'");
        }
        return new BreakerSettings(failures, window,
                ConfigValues.positiveDuration(path + ".cool-down", y.coolDown(), d.coolDown()));
    }

    static List<Variant> variants(String path, List<VariantYaml> ys) {
        if (ys == null) {
            return List.of();
        }
        List<Variant> out = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (int i = 0; i < ys.size(); i++) {
            String at = path + "[" + i + "]";
            VariantYaml y = ys.get(i);
            if (y == null || y.name() == null || y.name().isBlank()) {
                throw ConfigException.at(at + ".name", "is required (it names the variant in x-reprise-variant)");
            }
            if (!ModelYaml.ALIAS.matcher(y.name().strip()).matches()) {
                throw ConfigException.at(at + ".name", "'" + y.name() + "' must be 1-128 letters, digits, '.', '_', ':', '/' or '-'");
            }
            if (!names.add(y.name().strip())) {
                throw ConfigException.at(at + ".name", "'" + y.name() + "' is defined twice");
            }
            int weight = y.weight() == null ? 1 : y.weight();
            if (weight < 0) {
                throw ConfigException.at(at + ".weight", "must be a whole number >= 0, got " + weight);
            }
            Variant.PromptMode mode = null;
            if (y.promptMode() != null) {
                try {
                    mode = Variant.PromptMode.valueOf(y.promptMode().strip().toUpperCase(Locale.ROOT));
                } catch (IllegalArgumentException e) {
                    throw ConfigException.at(at + ".prompt-mode", "'" + y.promptMode() + "' is not replace or prefix");
                }
                if (y.prompt() == null) {
                    throw ConfigException.at(at + ".prompt-mode", "needs a prompt");
                }
            }
            out.add(new Variant(y.name().strip(), weight, y.alias() == null ? null : y.alias().strip(), y.prompt(), mode));
        }
        if (!out.isEmpty() && out.stream().mapToInt(Variant::weight).sum() == 0) {
            throw ConfigException.at(path, "the weights add up to 0; give at least one variant a weight");
        }
        return out;
    }

    /**
     * The routing table: every usable alias's route with references to skipped aliases dropped, and the
     * rules. A reference to an alias that is not defined at all is an error naming the key.
     */
    static RoutingTable table(List<AliasRoute> usable, List<String> skipped, List<String> aliasPaths,
                              List<RouteYaml> routes) {
        Map<String, AliasRoute> byAlias = new LinkedHashMap<>();
        for (AliasRoute r : usable) {
            byAlias.put(r.alias(), r);
        }
        Map<String, AliasRoute> checked = new LinkedHashMap<>();
        for (int i = 0; i < usable.size(); i++) {
            AliasRoute r = usable.get(i);
            String path = aliasPaths.get(i);
            List<String> fallbacks = new ArrayList<>();
            for (int f = 0; f < r.fallbacks().size(); f++) {
                String target = r.fallbacks().get(f);
                if (target.equals(r.alias())) {
                    throw ConfigException.at(path + ".fallbacks[" + f + "]", "'" + target + "' is the alias itself");
                }
                if (usableRef(path + ".fallbacks[" + f + "]", target, byAlias, skipped)) {
                    fallbacks.add(target);
                }
            }
            String ctx = r.contextFallback();
            if (ctx != null && !usableRef(path + ".context-fallback", ctx, byAlias, skipped)) {
                ctx = null;
            }
            List<Variant> variants = new ArrayList<>();
            for (int v = 0; v < r.variants().size(); v++) {
                Variant variant = r.variants().get(v);
                if (variant.alias() == null
                        || usableRef(path + ".variants[" + v + "].alias", variant.alias(), byAlias, skipped)) {
                    variants.add(variant);
                }
            }
            checked.put(r.alias(), new AliasRoute(r.alias(), r.deployments(), r.strategy(), fallbacks, ctx, r.retry(),
                    r.breaker(), variants));
        }
        List<RouteRule> rules = new ArrayList<>();
        Set<String> names = new HashSet<>();
        if (routes != null) {
            for (int i = 0; i < routes.size(); i++) {
                String path = "routes[" + i + "]";
                RouteYaml y = routes.get(i);
                if (y == null || y.alias() == null || y.alias().isBlank()) {
                    throw ConfigException.at(path + ".alias", "is required (the model alias this rule sends requests to)");
                }
                String name = y.name() == null || y.name().isBlank() ? "route-" + i : y.name().strip();
                if (!ModelYaml.ALIAS.matcher(name).matches()) {
                    throw ConfigException.at(path + ".name", "'" + y.name() + "' must be 1-128 letters, digits, '.', '_', ':', '/' or '-'");
                }
                if (!names.add(name)) {
                    throw ConfigException.at(path + ".name", "'" + name + "' is defined twice");
                }
                MatchYaml m = y.match() == null ? new MatchYaml(null, null, null, null, null) : y.match();
                if (m.minTokens() != null && m.minTokens() < 0) {
                    throw ConfigException.at(path + ".match.min-tokens", "must be >= 0, got " + m.minTokens());
                }
                if (m.maxTokens() != null && m.minTokens() != null && m.maxTokens() < m.minTokens()) {
                    throw ConfigException.at(path + ".match.max-tokens", "must be >= min-tokens (" + m.minTokens()
                            + "), got " + m.maxTokens());
                }
                if (m.model() != null && !byAlias.containsKey(m.model()) && !skipped.contains(m.model())) {
                    throw ConfigException.at(path + ".match.model", "'" + m.model() + "' is not a model alias");
                }
                if (usableRef(path + ".alias", y.alias().strip(), byAlias, skipped)) {
                    rules.add(new RouteRule(name, m.taskType(), m.headers(), m.model(), m.minTokens(), m.maxTokens(),
                            y.alias().strip()));
                }
            }
        }
        return new RoutingTable(checked, rules);
    }

    private static boolean usableRef(String key, String alias, Map<String, AliasRoute> usable, List<String> skipped) {
        if (usable.containsKey(alias)) {
            return true;
        }
        if (skipped.contains(alias)) {
            LOG.info(() -> key + ": '" + alias + "' is skipped (its api-key is not set), so this reference is ignored");
            return false;
        }
        throw ConfigException.at(key, "'" + alias + "' is not a model alias");
    }
}
