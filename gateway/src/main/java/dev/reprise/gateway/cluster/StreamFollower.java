package dev.reprise.gateway.cluster;

import dev.reprise.cache.ObservedIndex;
import dev.reprise.cache.VectorIndex;
import io.lettuce.core.RedisCommandInterruptedException;
import io.lettuce.core.RedisException;
import io.lettuce.core.StreamMessage;
import io.lettuce.core.XReadArgs;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Reads the whole replication stream on one thread of its own (every node needs every change, so a plain read from
 * its own position, not a consumer group) and applies the other nodes' changes to this node's index. The position
 * is kept as a marker in the index, committed with the entries, so a restart resumes where the index stands. A
 * node whose position is older than what the stream still keeps has missed changes, invalidations among them: it
 * empties its cache (starts cold) rather than serve an entry deleted elsewhere as wrong.
 */
final class StreamFollower implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(StreamFollower.class.getName());
    /** The longest one read waits for new records: how long a close may wait for the thread. */
    static final Duration READ_BLOCK = Duration.ofSeconds(1);
    /** Records per read; a shorter answer means the stream's end was reached. */
    static final int BATCH = 100;
    static final String START = "0-0";

    private final ReplicationSettings settings;
    private final RedisLink link;
    private final ObservedIndex index;
    private final String origin;
    private final Clock clock;
    private final FlapLog flaps;
    private final ReplicationMetrics metrics;
    private final byte[] stream;
    private final String marker;
    private final Thread thread;
    private volatile ReplicationState state = ReplicationState.CATCHING_UP;
    private volatile boolean closed;
    private volatile StatefulRedisConnection<byte[], byte[]> reader;
    private boolean cold;
    private boolean warnedUnreadable;
    private boolean warnedFailure;

    StreamFollower(ReplicationSettings settings, RedisLink link, ObservedIndex index, String origin, Clock clock,
                   ReplicationMetrics metrics) {
        this.settings = settings;
        this.link = link;
        this.index = index;
        this.origin = origin;
        this.clock = clock;
        this.flaps = new FlapLog(clock);
        this.metrics = metrics;
        this.stream = settings.stream().getBytes(StandardCharsets.UTF_8);
        this.marker = "replication:" + settings.stream();
        this.thread = Thread.ofPlatform().name("cache-replication-reader").daemon(true).unstarted(this::run);
    }

    void start() {
        thread.start();
    }

    ReplicationState state() {
        return state;
    }

    private void run() {
        // A marker that does not read as an id (written by hand?) counts as none: from the start, cold if trimmed.
        String position = index.marker(marker).filter(StreamIds::valid).orElse(START);
        while (!closed) {
            if (!link.up()) {
                pause();
                try {
                    link.awaitUp(link.probeInterval());
                } catch (InterruptedException e) {
                    return;
                }
                continue;
            }
            try {
                if (reader == null) {
                    reader = link.openBlocking(READ_BLOCK);
                    position = resume(reader.sync(), position);
                }
                List<StreamMessage<byte[], byte[]>> batch = reader.sync().xread(
                        XReadArgs.Builder.count(BATCH).block(READ_BLOCK), XReadArgs.StreamOffset.from(stream, position));
                for (StreamMessage<byte[], byte[]> record : batch) {
                    apply(record);
                    position = record.getId();
                }
                if (!batch.isEmpty()) {
                    index.mark(marker, position);
                }
                if (batch.size() < BATCH) {
                    state = cold ? ReplicationState.COLD : ReplicationState.LIVE;
                }
            } catch (RedisCommandInterruptedException e) {
                return;
            } catch (RuntimeException e) {
                if (closed) {
                    return;
                }
                if (e instanceof RedisException) {
                    link.failed(e);
                } else if (!failedOnce(e)) {
                    return; // interrupted while waiting: closing
                }
                dropReader();
            }
        }
    }

    /**
     * Where to read from after a (re)connection: {@code position}, unless the stream was trimmed past it, in which
     * case the node empties its cache, says so, and reads on from what the stream keeps.
     */
    private String resume(RedisCommands<byte[], byte[]> redis, String position) {
        boolean wasAway = state == ReplicationState.LOCAL_ONLY;
        state = ReplicationState.CATCHING_UP;
        cold = false;
        if (redis.exists(stream) == 0 || !StreamIds.missedAfter(position, redis.xinfoStream(stream))) {
            if (wasAway && flaps.recovered()) {
                LOG.info("Redis is back: cache replication resumes from stream position " + position);
            }
            return position;
        }
        LOG.warning("cache replication: this node missed more changes than the stream keeps (its position "
                + position + " was trimmed, cluster.replication.max-entries " + settings.maxEntries()
                + "): starting cold, its cache emptied, reading on from what is kept");
        index.quiet().deleteWhere(null, null);
        index.mark(marker, START);
        metrics.coldStart();
        cold = true;
        return START;
    }

    /**
     * A failure that is not Redis being away (a reply this node does not understand): logged once, retried after a
     * probe interval rather than at once. Returns false when interrupted meanwhile.
     */
    private boolean failedOnce(RuntimeException e) {
        if (!warnedFailure) {
            warnedFailure = true;
            LOG.log(Level.WARNING, "cache replication cannot read the stream; retrying every "
                    + link.probeInterval().toMillis() + " ms", e);
        }
        try {
            Thread.sleep(link.probeInterval());
            return true;
        } catch (InterruptedException interrupted) {
            return false;
        }
    }

    /** Redis is away: the cache is this node's own until it is back. */
    private void pause() {
        if (state != ReplicationState.LOCAL_ONLY) {
            state = ReplicationState.LOCAL_ONLY;
            flaps.lost().ifPresent(note -> LOG.warning("cache replication paused: Redis unreachable, this node's "
                    + "cache is local-only until it is back (its own changes wait in an outbox of "
                    + settings.outboxSize() + ")" + note));
        }
        dropReader();
    }

    private void apply(StreamMessage<byte[], byte[]> record) {
        CacheChange.Sent sent;
        try {
            sent = ChangeCodec.decode(fields(record.getBody()));
        } catch (ChangeCodec.UnreadableChange e) {
            unreadable(record.getId(), e.getMessage());
            return;
        }
        if (sent.change() instanceof CacheChange.Put && sent.origin().equals(origin)) {
            // Stored here already. Own invalidations are applied again below: a put from another node that was
            // applied here after this node's delete, but sent before it, must not outlive the delete.
            return;
        }
        VectorIndex quiet = index.quiet();
        try {
            switch (sent.change()) {
                case CacheChange.Put put -> quiet.put(put.entry());
                case CacheChange.Delete delete -> quiet.delete(delete.id());
                case CacheChange.Purge purge -> quiet.deleteWhere(purge.modelAlias(), purge.tenant());
            }
        } catch (RuntimeException e) {
            // An entry this index refuses (a vector of another dimension, say) is skipped; the next is read.
            unreadable(record.getId(), e.getClass().getSimpleName() + ": " + e.getMessage());
            return;
        }
        metrics.applied(Duration.between(sent.sentAt(), clock.instant()));
    }

    private void unreadable(String id, String why) {
        metrics.skipped();
        Level level = warnedUnreadable ? Level.FINE : Level.WARNING;
        warnedUnreadable = true;
        LOG.log(level, "cache replication skipped stream record " + id + " (" + why + "); further ones are counted "
                + "in reprise_cache_replication_skipped_total");
    }

    private static Map<String, byte[]> fields(Map<byte[], byte[]> body) {
        Map<String, byte[]> fields = new HashMap<>();
        body.forEach((k, v) -> fields.put(new String(k, StandardCharsets.UTF_8), v));
        return fields;
    }

    private void dropReader() {
        StatefulRedisConnection<byte[], byte[]> r = reader;
        reader = null;
        if (r != null) {
            try {
                r.close();
            } catch (RuntimeException ignored) {
                // already gone with Redis
            }
        }
    }

    @Override
    public void close() {
        closed = true;
        thread.interrupt();
        StatefulRedisConnection<byte[], byte[]> r = reader;
        if (r != null) {
            r.close(); // ends a blocked read at once
        }
        try {
            thread.join(READ_BLOCK.plus(link.commandTimeout()).toMillis() * 2);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
