package dev.reprise.gateway.config;

import dev.reprise.models.catalogue.Secret;

import java.nio.file.Path;

/**
 * The {@code admin:} section: the admin API key, or a file that holds it ({@code key-file}, created with a random
 * key on first start when missing). No key and no key file means the admin API is disabled.
 */
public record AdminConfig(Secret key, Path keyFile) {

    public AdminConfig {
        key = key == null ? Secret.none() : key;
    }

    public AdminConfig(Secret key) {
        this(key, null);
    }

    public static AdminConfig disabled() {
        return new AdminConfig(Secret.none(), null);
    }

    public boolean enabled() {
        return key.isPresent();
    }

    public AdminConfig withKey(Secret newKey) {
        return new AdminConfig(newKey, keyFile);
    }

    record Yaml(String key, String keyFile) {

        AdminConfig resolve() {
            String file = keyFile == null || keyFile.isBlank() ? null : keyFile.strip();
            return new AdminConfig(Secret.of(key == null ? null : key.strip()), file == null ? null : Path.of(file));
        }
    }
}
