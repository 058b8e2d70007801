package dev.reprise.gateway.keys;

import dev.reprise.gateway.config.ConfigException;
import dev.reprise.gateway.config.ConfigValues;

import java.nio.file.Path;
import java.time.Duration;

/**
 * {@code key-store:}: whether virtual keys ({@code /admin/keys}) are kept, in which SQLite file, how long a
 * rotated-out secret keeps working when the rotation does not say, and, in a cluster, how often a node reads the
 * other nodes' changes. Read at start only.
 *
 * @param path            the SQLite file, or null for {@code <data-dir>/keys.db}
 * @param rotationGrace   the default grace of {@code POST /admin/keys/{id}/rotate}
 * @param refreshInterval with the key table in PostgreSQL ({@code ledger.url}), how stale a node's keys may be
 */
public record KeyStoreSettings(boolean enabled, Path path, Duration rotationGrace, Duration refreshInterval) {

    public static final boolean DEFAULT_ENABLED = true;
    public static final String FILE = "keys.db";
    /** Long enough to roll a new secret out to a fleet of clients, short enough that a leaked one dies soon. */
    public static final Duration DEFAULT_ROTATION_GRACE = Duration.ofHours(1);
    /** A grace beyond this is two valid secrets, not a rotation. */
    public static final Duration MAX_ROTATION_GRACE = Duration.ofDays(30);
    /** A revoked key works on the other nodes for at most this long; one small indexed read a second per node. */
    public static final Duration DEFAULT_REFRESH_INTERVAL = Duration.ofSeconds(1);
    /** Below this the reads cost more than the staleness they save. */
    public static final Duration MIN_REFRESH_INTERVAL = Duration.ofMillis(50);
    /** Beyond this a revocation would take too long to reach every node. */
    public static final Duration MAX_REFRESH_INTERVAL = Duration.ofMinutes(10);

    public KeyStoreSettings {
        if (rotationGrace == null || rotationGrace.isNegative() || rotationGrace.compareTo(MAX_ROTATION_GRACE) > 0) {
            throw new IllegalArgumentException("key-store.rotation-grace must be between 0 and 30d, got "
                    + rotationGrace);
        }
        if (refreshInterval == null || refreshInterval.compareTo(MIN_REFRESH_INTERVAL) < 0
                || refreshInterval.compareTo(MAX_REFRESH_INTERVAL) > 0) {
            throw new IllegalArgumentException("key-store.refresh-interval must be between 50ms and 10m, got "
                    + refreshInterval);
        }
    }

    public static KeyStoreSettings defaults() {
        return new KeyStoreSettings(DEFAULT_ENABLED, null, DEFAULT_ROTATION_GRACE, DEFAULT_REFRESH_INTERVAL);
    }

    public KeyStoreSettings withEnabled(boolean on) {
        return new KeyStoreSettings(on, path, rotationGrace, refreshInterval);
    }

    /** The file to use: {@link #path} when set, else {@code keys.db} under {@code dataDir}. */
    public Path fileUnder(Path dataDir) {
        return path != null ? path : dataDir.resolve(FILE);
    }

    /**
     * The YAML shape: {@code enabled}, {@code path}, {@code rotation-grace}, {@code refresh-interval}; absent keys
     * take the defaults.
     */
    public record Yaml(Boolean enabled, String path, String rotationGrace, String refreshInterval) {

        public static KeyStoreSettings resolve(Yaml yaml) {
            KeyStoreSettings d = defaults();
            if (yaml == null) {
                return d;
            }
            Duration grace = ConfigValues.duration("key-store.rotation-grace", yaml.rotationGrace, d.rotationGrace());
            if (grace.compareTo(MAX_ROTATION_GRACE) > 0) {
                throw ConfigException.at("key-store.rotation-grace", "must be at most 30d, got " + yaml.rotationGrace);
            }
            Duration refresh = ConfigValues.duration("key-store.refresh-interval", yaml.refreshInterval,
                    d.refreshInterval());
            if (refresh.compareTo(MIN_REFRESH_INTERVAL) < 0 || refresh.compareTo(MAX_REFRESH_INTERVAL) > 0) {
                throw ConfigException.at("key-store.refresh-interval", "must be between 50ms and 10m, got "
                        + yaml.refreshInterval);
            }
            return new KeyStoreSettings(yaml.enabled == null ? d.enabled() : yaml.enabled,
                    yaml.path == null || yaml.path.isBlank() ? null : Path.of(yaml.path.strip()), grace, refresh);
        }
    }
}
