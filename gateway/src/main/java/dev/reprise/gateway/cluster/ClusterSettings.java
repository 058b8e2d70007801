package dev.reprise.gateway.cluster;

import dev.reprise.gateway.config.ConfigValues;

import java.time.Duration;
import java.util.Objects;

/**
 * {@code cluster:}: the Redis that several gateways share their rate limits and cache through, and how long a
 * connection attempt, one command and the wait between health probes may take. Absent (no {@code redis-url}): a
 * single node, every limit and cache entry kept in this process. Read at start only.
 *
 * @param redis          where Redis listens, or null for a single node
 * @param connectTimeout the longest a (re)connection attempt may take
 * @param commandTimeout the longest one Redis call may hold a request before it is served on local limits
 * @param probeInterval  how often Redis is pinged, so a lost one is noticed and a returned one is used again
 * @param replication    how the cache is shared ({@code cluster.replication})
 */
public record ClusterSettings(RedisAddress redis, Duration connectTimeout, Duration commandTimeout,
                              Duration probeInterval, ReplicationSettings replication) {

    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(2);
    /** Loopback or LAN Redis answers in well under a millisecond; a request should not wait long for a lost one. */
    public static final Duration DEFAULT_COMMAND_TIMEOUT = Duration.ofMillis(250);
    public static final Duration DEFAULT_PROBE_INTERVAL = Duration.ofSeconds(1);

    public ClusterSettings {
        Objects.requireNonNull(connectTimeout, "connectTimeout");
        Objects.requireNonNull(commandTimeout, "commandTimeout");
        Objects.requireNonNull(probeInterval, "probeInterval");
        Objects.requireNonNull(replication, "replication");
        requirePositive("cluster.connect-timeout", connectTimeout);
        requirePositive("cluster.command-timeout", commandTimeout);
        requirePositive("cluster.probe-interval", probeInterval);
    }

    /** Settings with replication at its defaults. */
    public ClusterSettings(RedisAddress redis, Duration connectTimeout, Duration commandTimeout,
                           Duration probeInterval) {
        this(redis, connectTimeout, commandTimeout, probeInterval, ReplicationSettings.defaults());
    }

    private static void requirePositive(String key, Duration d) {
        if (d.isZero() || d.isNegative()) {
            throw new IllegalArgumentException(key + " must be > 0, got " + d);
        }
    }

    public static ClusterSettings single() {
        return new ClusterSettings(null, DEFAULT_CONNECT_TIMEOUT, DEFAULT_COMMAND_TIMEOUT, DEFAULT_PROBE_INTERVAL,
                ReplicationSettings.defaults());
    }

    /** True when the limits are shared through Redis. */
    public boolean shared() {
        return redis != null;
    }

    /** True when the cache is replicated through Redis (given that the cache is on). */
    public boolean replicated() {
        return shared() && replication.enabled();
    }

    /**
     * The YAML shape: {@code redis-url} (its password best given as {@code ${REDIS_PASSWORD}}),
     * {@code connect-timeout}, {@code command-timeout}, {@code probe-interval}, {@code replication}.
     */
    public record Yaml(String redisUrl, String connectTimeout, String commandTimeout, String probeInterval,
                       ReplicationSettings.Yaml replication) {

        public Yaml(String redisUrl, String connectTimeout, String commandTimeout, String probeInterval) {
            this(redisUrl, connectTimeout, commandTimeout, probeInterval, null);
        }

        public static ClusterSettings resolve(Yaml yaml) {
            if (yaml == null) {
                return single();
            }
            RedisAddress redis = yaml.redisUrl == null || yaml.redisUrl.isBlank() ? null
                    : RedisAddress.parse("cluster.redis-url", yaml.redisUrl);
            return new ClusterSettings(redis,
                    ConfigValues.positiveDuration("cluster.connect-timeout", yaml.connectTimeout,
                            DEFAULT_CONNECT_TIMEOUT),
                    ConfigValues.positiveDuration("cluster.command-timeout", yaml.commandTimeout,
                            DEFAULT_COMMAND_TIMEOUT),
                    ConfigValues.positiveDuration("cluster.probe-interval", yaml.probeInterval,
                            DEFAULT_PROBE_INTERVAL),
                    ReplicationSettings.Yaml.resolve(yaml.replication));
        }

        /** Never the URL as written: it may hold the password. */
        @Override
        public String toString() {
            return "Yaml[redisUrl=" + (redisUrl == null ? "null" : "(set)") + ", connectTimeout=" + connectTimeout
                    + ", commandTimeout=" + commandTimeout + ", probeInterval=" + probeInterval
                    + ", replication=" + replication + "]";
        }
    }
}
