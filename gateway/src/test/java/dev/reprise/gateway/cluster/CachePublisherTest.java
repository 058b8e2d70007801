package dev.reprise.gateway.cluster;

import dev.reprise.cache.CacheEntry;
import dev.reprise.testing.TestClock;
import io.lettuce.core.Range;
import io.lettuce.core.StreamMessage;
import io.lettuce.core.api.StatefulRedisConnection;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.fail;

/** The outbox while Redis is away: bounded by dropping the oldest stored entries, never an invalidation. */
class CachePublisherTest {

    private static final Instant NOW = Instant.parse("2026-03-02T10:00:00Z");
    /** A bound on the probe noticing the restarted Redis and the outbox going out, not a timing under test. */
    private static final Duration DEADLINE = Duration.ofSeconds(20);

    private static CacheEntry entry(String id) {
        return CacheEntry.builder().id(id).namespace("ns").tenant("acme").modelAlias("mock").matchedText(id)
                .exactKey("key-" + id).payload(new byte[] {'{', '}'}).createdAt(NOW).build();
    }

    @Test
    void should_keep_invalidations_and_the_newest_entries_while_redis_is_away_and_send_them_in_order_after()
            throws Exception {
        try (RedisServer redis = RedisServer.start()) {
            redis.stop();
            ClusterSettings settings = ClusterSettings.Yaml.resolve(new ClusterSettings.Yaml(redis.url(), "1s", "1s",
                    "50ms", new ReplicationSettings.Yaml(null, "test:cache", 100, 2)));
            SimpleMeterRegistry registry = new SimpleMeterRegistry();
            ReplicationMetrics metrics = new ReplicationMetrics(registry);
            try (RedisLink link = RedisLink.open(settings, registry)) {
                CachePublisher publisher = new CachePublisher(settings.replication(), link, "node-a",
                        new TestClock(NOW), metrics);
                publisher.start();
                assertFalse(link.up());

                publisher.stored(entry("p1"));
                publisher.stored(entry("p2"));
                publisher.deleted("d1");          // full: p1 goes
                publisher.stored(entry("p3"));    // full: p2 goes
                publisher.deletedWhere(null, "acme"); // full: p3 goes
                publisher.stored(entry("p4"));    // full of invalidations: p4 itself goes
                publisher.deleted("d2");          // kept beyond the bound

                assertEquals(3, publisher.waiting());
                assertEquals(4.0, registry.get("reprise.cache.replication.dropped").counter().count());

                redis.restart();
                try (StatefulRedisConnection<byte[], byte[]> c = link.openBlocking(Duration.ZERO)) {
                    List<String> sent = awaitStream(c, 3);
                    assertEquals(List.of("delete d1", "purge acme", "delete d2"), sent);
                }
                publisher.close(Duration.ofSeconds(5));
                assertEquals(0, publisher.waiting());
                assertEquals(3.0, registry.get("reprise.cache.replication.published").counter().count());
            }
        }
    }

    private static List<String> awaitStream(StatefulRedisConnection<byte[], byte[]> c, int records) {
        long deadline = System.nanoTime() + DEADLINE.toNanos();
        while (true) {
            List<StreamMessage<byte[], byte[]>> all = List.of();
            try {
                all = c.sync().xrange("test:cache".getBytes(StandardCharsets.UTF_8), Range.create("-", "+"));
            } catch (RuntimeException notYet) {
                // the link's probe has not reconnected yet; nothing was sent
            }
            if (all.size() >= records) {
                return all.stream().map(CachePublisherTest::describe).toList();
            }
            if (System.nanoTime() > deadline) {
                fail("the outbox did not reach Redis: " + all.size() + " records");
            }
            LockSupport.parkNanos(Duration.ofMillis(20).toNanos());
        }
    }

    private static String describe(StreamMessage<byte[], byte[]> m) {
        Map<String, byte[]> fields = new HashMap<>();
        m.getBody().forEach((k, v) -> fields.put(new String(k, StandardCharsets.UTF_8), v));
        return switch (ChangeCodec.decode(fields).change()) {
            case CacheChange.Put p -> "put " + p.entry().id();
            case CacheChange.Delete d -> "delete " + d.id();
            case CacheChange.Purge p -> "purge " + p.tenant();
        };
    }
}
