package dev.reprise.gateway.cluster;

import dev.reprise.gateway.config.ConfigException;

/**
 * {@code cluster.replication:}: how this node shares its cache with the others through one Redis Stream. On when
 * {@code cluster.redis-url} is set and the cache is on, unless {@code enabled} is false. Read at start only.
 *
 * @param stream     the stream's key in Redis; every node of one cluster names the same
 * @param maxEntries the most changes the stream keeps (older ones are trimmed): how far a node that was away can
 *                   catch up; beyond it, the node starts cold
 * @param outboxSize the most stored entries this node holds for the stream while Redis is away; beyond it the
 *                   oldest are dropped (and counted), the other nodes then miss them. Invalidations are never dropped
 */
public record ReplicationSettings(boolean enabled, String stream, int maxEntries, int outboxSize) {

    public static final boolean DEFAULT_ENABLED = true;
    public static final String DEFAULT_STREAM = "reprise:cache";
    /** As many changes as one cache holds by default ({@code cache.max-entries}); each about 2 KB plus its answer. */
    public static final int DEFAULT_MAX_ENTRIES = 100_000;
    /** A few minutes of a busy node's misses; each about 2 KB plus its answer in this node's heap. */
    public static final int DEFAULT_OUTBOX_SIZE = 10_000;

    public ReplicationSettings {
        if (stream == null || stream.isBlank()) {
            throw new IllegalArgumentException("cluster.replication.stream must not be blank");
        }
        if (maxEntries < 1) {
            throw new IllegalArgumentException("cluster.replication.max-entries must be >= 1, got " + maxEntries);
        }
        if (outboxSize < 1) {
            throw new IllegalArgumentException("cluster.replication.outbox-size must be >= 1, got " + outboxSize);
        }
    }

    public static ReplicationSettings defaults() {
        return new ReplicationSettings(DEFAULT_ENABLED, DEFAULT_STREAM, DEFAULT_MAX_ENTRIES, DEFAULT_OUTBOX_SIZE);
    }

    /** The YAML shape: {@code enabled}, {@code stream}, {@code max-entries}, {@code outbox-size}. */
    public record Yaml(Boolean enabled, String stream, Integer maxEntries, Integer outboxSize) {

        public static ReplicationSettings resolve(Yaml yaml) {
            ReplicationSettings d = defaults();
            if (yaml == null) {
                return d;
            }
            if (yaml.stream != null && yaml.stream.isBlank()) {
                throw ConfigException.at("cluster.replication.stream", "must not be blank");
            }
            int max = atLeastOne("cluster.replication.max-entries", yaml.maxEntries, d.maxEntries());
            int outbox = atLeastOne("cluster.replication.outbox-size", yaml.outboxSize, d.outboxSize());
            return new ReplicationSettings(yaml.enabled == null ? d.enabled() : yaml.enabled,
                    yaml.stream == null ? d.stream() : yaml.stream.strip(), max, outbox);
        }

        private static int atLeastOne(String key, Integer value, int fallback) {
            if (value == null) {
                return fallback;
            }
            if (value < 1) {
                throw ConfigException.at(key, "must be >= 1, got " + value);
            }
            return value;
        }
    }
}
