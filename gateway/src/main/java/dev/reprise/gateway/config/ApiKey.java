package dev.reprise.gateway.config;

import dev.reprise.models.catalogue.Secret;

import java.util.Objects;
import java.util.regex.Pattern;

/** One gateway API key from the {@code keys:} list; {@code id} is the tenant its requests belong to. */
public record ApiKey(String id, Secret key) {

    /** Tenant ids end up in metrics, logs and cache namespaces, so keep them plain. */
    static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

    public ApiKey {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(key, "key");
    }

    record Yaml(String id, String key) {

        ApiKey resolve(String path) {
            if (id == null || id.isBlank()) {
                throw ConfigException.at(path + ".id", "is required (the tenant name for this key)");
            }
            if (!ID.matcher(id).matches()) {
                throw ConfigException.at(path + ".id", "'" + id + "' must be 1-64 letters, digits, '.', '_' or '-'");
            }
            if (key == null || key.isBlank()) {
                throw ConfigException.at(path + ".key", "is empty (its environment variable may be unset or empty)");
            }
            return new ApiKey(id, Secret.of(key.strip()));
        }
    }
}
