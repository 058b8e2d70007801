package dev.reprise.gateway.config;

import dev.reprise.gateway.ledger.LedgerSettings;

import java.nio.file.Path;

/** The {@code ledger:} section as written in YAML; absent keys take {@link LedgerSettings}'s defaults. */
record LedgerYaml(Boolean enabled, String path, String retention, Boolean storeText, String flushInterval,
                  Integer queueCapacity) {

    static LedgerSettings resolve(LedgerYaml yaml) {
        LedgerSettings d = LedgerSettings.defaults();
        if (yaml == null) {
            return d;
        }
        Path file = yaml.path == null || yaml.path.isBlank() ? null : Path.of(yaml.path.strip());
        try {
            return new LedgerSettings(yaml.enabled == null ? d.enabled() : yaml.enabled, file,
                    ConfigValues.positiveDuration("ledger.retention", yaml.retention, d.retention()),
                    yaml.storeText == null ? d.storeText() : yaml.storeText,
                    ConfigValues.positiveDuration("ledger.flush-interval", yaml.flushInterval, d.flushInterval()),
                    yaml.queueCapacity == null ? d.queueCapacity() : yaml.queueCapacity);
        } catch (IllegalArgumentException e) {
            // LedgerSettings names the key and the value; make it a config error like every other.
            throw new ConfigException(e.getMessage(), e);
        }
    }
}
