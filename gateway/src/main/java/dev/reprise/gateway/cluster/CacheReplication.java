package dev.reprise.gateway.cluster;

import dev.reprise.cache.IndexChanges;
import dev.reprise.gateway.cache.ResponseCache;
import dev.reprise.gateway.http.HealthComponent;
import io.micrometer.core.instrument.MeterRegistry;

import java.time.Clock;
import java.time.Duration;
import java.util.UUID;
import java.util.logging.Logger;

/**
 * This node's cache shared with the cluster's other nodes through one Redis Stream: what the cache stores or
 * invalidates is published ({@link CachePublisher}), what the others publish is applied ({@link StreamFollower}).
 * Expiry and eviction stay each node's own. Shown in {@code /health} as {@code cache-replication}.
 */
public final class CacheReplication implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(CacheReplication.class.getName());
    /** How long a closing node waits for its cache writer and then for its outbox to reach Redis. */
    static final Duration DRAIN = Duration.ofSeconds(5);

    private final ResponseCache cache;
    private final CachePublisher publisher;
    private final StreamFollower follower;

    private CacheReplication(ResponseCache cache, CachePublisher publisher, StreamFollower follower) {
        this.cache = cache;
        this.publisher = publisher;
        this.follower = follower;
    }

    /** Starts publishing {@code cache}'s changes and applying the other nodes' through {@code link}. */
    public static CacheReplication start(ReplicationSettings settings, RedisLink link, ResponseCache cache,
                                         Clock clock, MeterRegistry registry) {
        String origin = UUID.randomUUID().toString();
        ReplicationMetrics metrics = new ReplicationMetrics(registry);
        CachePublisher publisher = new CachePublisher(settings, link, origin, clock, metrics);
        StreamFollower follower = new StreamFollower(settings, link, cache.replicaIndex(), origin, clock, metrics);
        metrics.watch(follower::state, publisher::waiting);
        cache.replicaIndex().observe(publisher);
        publisher.start();
        follower.start();
        LOG.info("cache replication on: through the stream '" + settings.stream() + "' (keeps "
                + settings.maxEntries() + " changes), as node " + origin);
        return new CacheReplication(cache, publisher, follower);
    }

    public ReplicationState state() {
        return follower.state();
    }

    public HealthComponent health() {
        return new HealthComponent("cache-replication", () -> state().label());
    }

    /** Sends the answers the cache is still writing and what waits in the outbox (a bounded wait), then stops. */
    @Override
    public void close() {
        cache.awaitPendingWrites(DRAIN);
        cache.replicaIndex().observe(IndexChanges.NONE);
        publisher.close(DRAIN);
        follower.close();
    }
}
