package dev.reprise.gateway.config;

import dev.reprise.gateway.routing.DeploymentSpec;
import dev.reprise.models.catalogue.Deployment;
import dev.reprise.models.catalogue.Price;
import dev.reprise.models.catalogue.ProviderKind;
import dev.reprise.models.catalogue.Secret;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * One deployment as written in YAML: an entry of {@code models[].deployments}, or the flat fields of a
 * {@code models:} entry itself. {@code api-keys} makes a key pool; keys that resolve empty (an unset
 * variable) are left out, and a deployment whose provider needs a key and has none is skipped.
 */
record DeploymentYaml(String provider, String model, String baseUrl, String apiKey, List<String> apiKeys,
                      String timeout, String connectTimeout, String firstByteTimeout, String totalTimeout,
                      Integer weight, String latency, ModelYaml.PriceYaml price) {

    static final String DEFAULT_MOCK_MODEL = "mock-1";
    static final Duration DEFAULT_TIMEOUT = Deployment.DEFAULT_TIMEOUT;

    /**
     * The deployment for {@code alias}, or empty when its provider needs a key and none is set.
     *
     * @param index its position among the alias's deployments (its id is {@code alias#index})
     */
    Optional<DeploymentSpec> resolve(String path, String alias, int index, Price aliasPrice) {
        if (provider == null || provider.isBlank()) {
            throw ConfigException.at(path + ".provider", "is required (openai, anthropic, gemini, ollama or mock)");
        }
        ProviderKind kind;
        try {
            kind = ProviderKind.fromConfig(provider.strip());
        } catch (IllegalArgumentException e) {
            throw ConfigException.at(path + ".provider", e.getMessage());
        }
        String upstream = model == null || model.isBlank() ? null : model.strip();
        if (upstream == null) {
            if (kind != ProviderKind.MOCK) {
                throw ConfigException.at(path + ".model", "is required (the upstream model name, e.g. gpt-4o-mini)");
            }
            upstream = DEFAULT_MOCK_MODEL;
        }
        if (latency != null && kind != ProviderKind.MOCK) {
            throw ConfigException.at(path + ".latency", "only the mock provider takes a latency");
        }
        if (apiKey != null && apiKeys != null) {
            throw ConfigException.at(path + ".api-keys", "give either api-key or api-keys, not both");
        }
        if (weight != null && weight < 0) {
            throw ConfigException.at(path + ".weight", "must be a whole number >= 0, got " + weight);
        }
        Duration lat = ConfigValues.duration(path + ".latency", latency, Duration.ZERO);
        Duration to = ConfigValues.positiveDuration(path + ".timeout", timeout, DEFAULT_TIMEOUT);
        // Absent: the deployment's default (5 s, or the timeout when that is shorter).
        Duration connect = connectTimeout == null ? null
                : ConfigValues.positiveDuration(path + ".connect-timeout", connectTimeout, null);
        Duration firstByte = ConfigValues.positiveDuration(path + ".first-byte-timeout", firstByteTimeout, to);
        Duration total = totalTimeout == null ? null
                : ConfigValues.positiveDuration(path + ".total-timeout", totalTimeout, null);
        String url = ConfigValues.httpUrl(path + ".base-url", baseUrl);
        Price p = price == null ? aliasPrice : ModelYaml.price(path + ".price", price);
        List<Secret> keys = new ArrayList<>();
        if (apiKeys != null) {
            for (String k : apiKeys) {
                if (k != null && !k.isBlank()) {
                    keys.add(Secret.of(k.strip()));
                }
            }
        } else if (apiKey != null && !apiKey.isBlank()) {
            keys.add(Secret.of(apiKey.strip()));
        }
        if (keys.isEmpty()) {
            if (kind != ProviderKind.MOCK && kind != ProviderKind.OLLAMA) {
                return Optional.empty();
            }
            keys.add(Secret.none());
        }
        List<Deployment> keyed = new ArrayList<>();
        for (Secret key : keys) {
            keyed.add(new Deployment(alias, kind, upstream, url, key, to, p, lat, connect));
        }
        return Optional.of(new DeploymentSpec(alias + "#" + index, keyed,
                weight == null ? DeploymentSpec.DEFAULT_WEIGHT : weight, firstByte, total));
    }
}
