package dev.reprise.gateway.config;

import dev.reprise.models.catalogue.Deployment;
import dev.reprise.models.catalogue.Price;
import dev.reprise.models.catalogue.ProviderKind;
import dev.reprise.models.catalogue.Secret;

import java.time.Duration;
import java.util.regex.Pattern;

/**
 * One entry of the {@code models:} list as written in YAML, turned into a {@link Deployment} after
 * checking each field. Defaults sit here, next to the fields they fill.
 */
record ModelYaml(String name, String provider, String model, String baseUrl, String apiKey, String timeout,
                 String latency, PriceYaml price, Double cacheThreshold) {

    /** The mock's upstream model name when none is given. */
    static final String DEFAULT_MOCK_MODEL = "mock-1";
    static final Duration DEFAULT_TIMEOUT = Deployment.DEFAULT_TIMEOUT;
    static final Duration DEFAULT_MOCK_LATENCY = Duration.ZERO;

    /** Aliases are what clients send as {@code model}; OpenAI's own names have dots, colons and slashes. */
    private static final Pattern ALIAS = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:/-]{0,127}");

    /** USD per one million tokens; absent means free. */
    record PriceYaml(Double input, Double output) {
    }

    Deployment resolve(String path) {
        if (name == null || name.isBlank()) {
            throw ConfigException.at(path + ".name", "is required (the alias clients send as \"model\")");
        }
        if (!ALIAS.matcher(name).matches()) {
            throw ConfigException.at(path + ".name", "'" + name
                    + "' must be 1-128 letters, digits, '.', '_', ':', '/' or '-'");
        }
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
        Duration lat = ConfigValues.duration(path + ".latency", latency, DEFAULT_MOCK_LATENCY);
        Duration to = ConfigValues.positiveDuration(path + ".timeout", timeout, DEFAULT_TIMEOUT);
        String url = ConfigValues.httpUrl(path + ".base-url", baseUrl);
        return new Deployment(name.strip(), kind, upstream, url, Secret.of(apiKey == null ? null : apiKey.strip()),
                to, price(path + ".price"), lat);
    }

    /** True when this provider cannot work without a key and none was given: such aliases are skipped. */
    static boolean lacksRequiredKey(Deployment d) {
        return d.provider() != ProviderKind.MOCK && d.provider() != ProviderKind.OLLAMA && !d.apiKey().isPresent();
    }

    private Price price(String path) {
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
