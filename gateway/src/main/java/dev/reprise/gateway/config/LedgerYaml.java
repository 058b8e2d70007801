package dev.reprise.gateway.config;

import dev.reprise.gateway.cluster.PostgresAddress;
import dev.reprise.gateway.cluster.PostgresSettings;
import dev.reprise.gateway.ledger.LedgerSettings;

import java.nio.file.Path;

/** The {@code ledger:} section as written in YAML; absent keys take {@link LedgerSettings}'s defaults. */
record LedgerYaml(Boolean enabled, String path, String retention, Boolean storeText, String flushInterval,
                  Integer queueCapacity, String url, Integer poolSize, String connectTimeout, String socketTimeout,
                  String commandTimeout, String probeInterval, String bufferLimit) {

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
                    yaml.queueCapacity == null ? d.queueCapacity() : yaml.queueCapacity,
                    postgres(yaml),
                    ConfigValues.size("ledger.buffer-limit", yaml.bufferLimit, d.bufferLimit()));
        } catch (IllegalArgumentException e) {
            // LedgerSettings names the key and the value; make it a config error like every other.
            throw new ConfigException(e.getMessage(), e);
        }
    }

    /** The PostgreSQL settings when {@code url} is set, else null (the SQLite file). */
    private static PostgresSettings postgres(LedgerYaml yaml) {
        if (yaml.url == null || yaml.url.isBlank()) {
            return null;
        }
        return new PostgresSettings(PostgresAddress.parse("ledger.url", yaml.url),
                yaml.poolSize == null ? PostgresSettings.DEFAULT_POOL_SIZE : yaml.poolSize,
                ConfigValues.positiveDuration("ledger.connect-timeout", yaml.connectTimeout,
                        PostgresSettings.DEFAULT_CONNECT_TIMEOUT),
                ConfigValues.positiveDuration("ledger.socket-timeout", yaml.socketTimeout,
                        PostgresSettings.DEFAULT_SOCKET_TIMEOUT),
                ConfigValues.positiveDuration("ledger.command-timeout", yaml.commandTimeout,
                        PostgresSettings.DEFAULT_COMMAND_TIMEOUT),
                ConfigValues.positiveDuration("ledger.probe-interval", yaml.probeInterval,
                        PostgresSettings.DEFAULT_PROBE_INTERVAL));
    }

    /** Never the URL as written: it may hold the password. */
    @Override
    public String toString() {
        return "LedgerYaml[enabled=" + enabled + ", path=" + path + ", url=" + (url == null ? "null" : "(set)")
                + ", retention=" + retention + "]";
    }
}
