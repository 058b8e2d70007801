package dev.reprise.gateway.config;

import dev.reprise.models.catalogue.Secret;

/** The {@code admin:} section: the admin API key. No key means the admin API is disabled. */
public record AdminConfig(Secret key) {

    public AdminConfig {
        key = key == null ? Secret.none() : key;
    }

    public static AdminConfig disabled() {
        return new AdminConfig(Secret.none());
    }

    public boolean enabled() {
        return key.isPresent();
    }

    record Yaml(String key) {

        AdminConfig resolve() {
            return new AdminConfig(Secret.of(key == null ? null : key.strip()));
        }
    }
}
