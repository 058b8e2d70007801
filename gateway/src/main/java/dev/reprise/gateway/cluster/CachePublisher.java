package dev.reprise.gateway.cluster;

import dev.reprise.cache.CacheEntry;
import dev.reprise.cache.IndexChanges;
import io.lettuce.core.RedisCommandInterruptedException;
import io.lettuce.core.RedisException;
import io.lettuce.core.XAddArgs;
import io.lettuce.core.api.StatefulRedisConnection;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Adds this node's cache changes to the replication stream, from an outbox on a thread of its own, so neither a
 * request nor the cache writer ever waits on Redis. While Redis is away the changes wait in the outbox and go out in
 * order once it is back. The outbox holds {@code outbox-size} changes; past it the oldest stored entry is dropped
 * (counted: the other nodes miss it, which costs them a miss), never an invalidation (missing one, another node
 * would keep serving an entry deleted as wrong).
 */
final class CachePublisher implements IndexChanges, AutoCloseable {

    private static final Logger LOG = Logger.getLogger(CachePublisher.class.getName());

    private final ReplicationSettings settings;
    private final RedisLink link;
    private final String origin;
    private final Clock clock;
    private final ReplicationMetrics metrics;
    private final byte[] stream;
    private final XAddArgs trim;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition waiting = lock.newCondition();
    private final ArrayDeque<Outgoing> outbox = new ArrayDeque<>();
    private final Thread thread;
    private boolean closing;
    private boolean warnedFull;

    /** One encoded change; {@code put} when it stores an entry (those are what a full outbox may drop). */
    private record Outgoing(Map<byte[], byte[]> fields, boolean put) {
    }

    CachePublisher(ReplicationSettings settings, RedisLink link, String origin, Clock clock,
                   ReplicationMetrics metrics) {
        this.settings = settings;
        this.link = link;
        this.origin = origin;
        this.clock = clock;
        this.metrics = metrics;
        this.stream = settings.stream().getBytes(StandardCharsets.UTF_8);
        // Exact trimming: a node deciding whether it can catch up compares with what was really trimmed.
        this.trim = XAddArgs.Builder.maxlen(settings.maxEntries()).exactTrimming();
        this.thread = Thread.ofPlatform().name("cache-replication-publisher").daemon(true).unstarted(this::run);
    }

    void start() {
        thread.start();
    }

    @Override
    public void stored(CacheEntry entry) {
        offer(new CacheChange.Put(entry));
    }

    @Override
    public void deleted(String id) {
        offer(new CacheChange.Delete(id));
    }

    @Override
    public void deletedWhere(String modelAlias, String tenant) {
        offer(new CacheChange.Purge(modelAlias, tenant));
    }

    /** Changes waiting to go out. */
    int waiting() {
        lock.lock();
        try {
            return outbox.size();
        } finally {
            lock.unlock();
        }
    }

    private void offer(CacheChange change) {
        Outgoing out;
        try {
            out = new Outgoing(keyedByBytes(ChangeCodec.encode(new CacheChange.Sent(origin, clock.instant(), change))),
                    change instanceof CacheChange.Put);
        } catch (RuntimeException e) {
            // Called by the cache writer: a change that cannot be sent must not fail the local store.
            LOG.log(Level.WARNING, "a cache change could not be encoded for the other nodes", e);
            metrics.dropped();
            return;
        }
        lock.lock();
        try {
            if (closing) {
                metrics.dropped();
                return;
            }
            if (outbox.size() >= settings.outboxSize() && !makeRoom(out)) {
                return;
            }
            outbox.addLast(out);
            waiting.signal();
        } finally {
            lock.unlock();
        }
    }

    private static Map<byte[], byte[]> keyedByBytes(Map<String, byte[]> fields) {
        Map<byte[], byte[]> out = new LinkedHashMap<>();
        fields.forEach((name, value) -> out.put(name.getBytes(StandardCharsets.UTF_8), value));
        return out;
    }

    /** Drops the oldest stored entry for {@code next}; false when {@code next} itself is the one to drop. */
    private boolean makeRoom(Outgoing next) {
        if (!warnedFull) {
            warnedFull = true;
            LOG.warning("the cache replication outbox is full (" + settings.outboxSize() + " changes, Redis away "
                    + "or slow): the oldest stored entries are dropped and the other nodes will miss them");
        }
        for (Iterator<Outgoing> it = outbox.iterator(); it.hasNext(); ) {
            if (it.next().put()) {
                it.remove();
                metrics.dropped();
                return true;
            }
        }
        if (next.put()) {
            metrics.dropped();
            return false;
        }
        return true; // all invalidations: kept beyond the bound rather than lost
    }

    private void run() {
        while (true) {
            Outgoing next;
            lock.lock();
            try {
                while (outbox.isEmpty() && !closing) {
                    waiting.awaitUninterruptibly();
                }
                if (outbox.isEmpty()) {
                    return;
                }
                next = outbox.peekFirst();
            } finally {
                lock.unlock();
            }
            StatefulRedisConnection<byte[], byte[]> c = link.connection();
            if (c == null) {
                if (!awaitRedis()) {
                    return;
                }
                continue;
            }
            try {
                c.sync().xadd(stream, trim, next.fields());
                metrics.published();
            } catch (RedisCommandInterruptedException e) {
                return; // closing, and the drain took too long
            } catch (RedisException e) {
                // Kept at the head and sent again once Redis answers; a resend of one that did arrive is harmless,
                // since every node applies a change by entry id.
                link.failed(e);
                continue;
            } catch (RuntimeException e) {
                // Not Redis's doing: this change would fail again, so it goes (the others still go out).
                LOG.log(Level.WARNING, "a cache change could not be added to the stream; dropped", e);
                metrics.dropped();
            }
            lock.lock();
            try {
                outbox.pollFirst();
                warnedFull = warnedFull && outbox.size() >= settings.outboxSize() / 2;
            } finally {
                lock.unlock();
            }
        }
    }

    /** Waits for Redis to be back; false when the publisher is closing meanwhile (the outbox is then given up). */
    private boolean awaitRedis() {
        try {
            link.awaitUp(link.probeInterval());
            return true;
        } catch (InterruptedException e) {
            return false;
        }
    }

    /**
     * Sends what is in the outbox, waiting up to {@code drain} for it, then stops. What is left (Redis away) is lost
     * to the other nodes, and said so.
     */
    void close(Duration drain) {
        lock.lock();
        try {
            closing = true;
            waiting.signalAll();
        } finally {
            lock.unlock();
        }
        try {
            thread.join(drain.toMillis());
            if (thread.isAlive()) {
                thread.interrupt();
                thread.join(link.commandTimeout().toMillis() * 2);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        int left = waiting();
        if (left > 0) {
            LOG.warning(left + " cache changes were not sent to the other nodes before shutdown (Redis away)");
        }
    }

    @Override
    public void close() {
        close(Duration.ofSeconds(5));
    }
}
