package dev.reprise.gateway.cluster;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.codec.ByteArrayCodec;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.logging.Logger;

/**
 * This node's one connection to the cluster's Redis, and whether Redis is usable now. A probe pings it every
 * {@code probe-interval}, reconnecting when the connection is gone; a failed command marks it down at once. Each
 * change is shown by the {@code reprise_cluster_redis_up} gauge and {@code /health} and logged once, a flapping
 * link's at most once a minute ({@link FlapLog}). Lettuce's own
 * reconnection is off and a disconnected connection rejects commands, so no request waits on a Redis that is away.
 */
public final class RedisLink implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(RedisLink.class.getName());

    private enum State { STARTING, UP, DOWN }

    private final ClusterSettings settings;
    private final RedisClient client;
    /** For connections whose commands block (a stream read): opened on first use, with a longer timeout. */
    private RedisClient blockingClient;
    private final Object changed = new Object();
    private final ScheduledExecutorService probe;
    private final AtomicReference<State> state = new AtomicReference<>(State.STARTING);
    private final FlapLog flaps;
    private volatile StatefulRedisConnection<byte[], byte[]> connection;

    private RedisLink(ClusterSettings settings, Clock clock) {
        this.settings = settings;
        this.flaps = new FlapLog(clock);
        this.client = client(settings, settings.commandTimeout());
        this.probe = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "reprise-redis-probe");
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * Connects to {@code settings.redis()} (a Redis that is away is not an error: the node starts on local limits
     * and the probe keeps trying) and starts probing; the gauge goes to {@code registry}.
     */
    public static RedisLink open(ClusterSettings settings, MeterRegistry registry) {
        return open(settings, registry, Clock.systemUTC());
    }

    /** As {@link #open(ClusterSettings, MeterRegistry)}; {@code clock} paces the log of a flapping link. */
    public static RedisLink open(ClusterSettings settings, MeterRegistry registry, Clock clock) {
        Objects.requireNonNull(settings.redis(), "settings.redis");
        RedisLink link = new RedisLink(settings, clock);
        Gauge.builder("reprise.cluster.redis.up", link, l -> l.up() ? 1 : 0)
                .description("1 while this node reaches the cluster's Redis, 0 while it runs on local limits")
                .register(registry);
        link.check();
        long every = settings.probeInterval().toNanos();
        link.probe.scheduleWithFixedDelay(link::check, every, every, TimeUnit.NANOSECONDS);
        return link;
    }

    private static RedisClient client(ClusterSettings settings, Duration commandTimeout) {
        RedisAddress a = settings.redis();
        RedisURI.Builder uri = RedisURI.builder().withHost(a.host()).withPort(a.port()).withDatabase(a.database())
                .withTimeout(commandTimeout);
        if (a.password() != null) {
            uri = a.user() == null ? uri.withPassword(a.password().toCharArray())
                    : uri.withAuthentication(a.user(), a.password());
        }
        RedisClient client = RedisClient.create(uri.build());
        client.setOptions(ClientOptions.builder()
                .autoReconnect(false)
                .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                .socketOptions(SocketOptions.builder().connectTimeout(settings.connectTimeout()).build())
                .timeoutOptions(TimeoutOptions.enabled(commandTimeout))
                .build());
        return client;
    }

    /**
     * A connection of the caller's own, for commands that block up to {@code longestBlock} (a blocking stream read
     * would hold up every command queued behind it on the shared connection). The caller closes it.
     *
     * @throws io.lettuce.core.RedisException when Redis cannot be reached
     */
    public StatefulRedisConnection<byte[], byte[]> openBlocking(Duration longestBlock) {
        RedisClient c;
        synchronized (this) {
            if (blockingClient == null) {
                blockingClient = client(settings, settings.commandTimeout().plus(longestBlock));
            }
            c = blockingClient;
        }
        return c.connect(ByteArrayCodec.INSTANCE);
    }

    /** Waits until Redis is up, at most {@code max}; returns whether it is. */
    public boolean awaitUp(Duration max) throws InterruptedException {
        long deadline = System.nanoTime() + max.toNanos();
        synchronized (changed) {
            long left;
            while (!up() && (left = deadline - System.nanoTime()) > 0) {
                TimeUnit.NANOSECONDS.timedWait(changed, left);
            }
        }
        return up();
    }

    /** How often Redis is probed: how soon a returned Redis is noticed. */
    public Duration probeInterval() {
        return settings.probeInterval();
    }

    /** True while Redis answers. */
    public boolean up() {
        return state.get() == State.UP;
    }

    /** The open connection, or null while Redis is down. */
    public StatefulRedisConnection<byte[], byte[]> connection() {
        return up() ? connection : null;
    }

    /** The longest one command may take. */
    public Duration commandTimeout() {
        return settings.commandTimeout();
    }

    /** A command on the connection failed: Redis counts as down until a probe reaches it again. */
    public void failed(RuntimeException cause) {
        down(cause);
    }

    /** One probe: pings Redis, connecting first when there is no open connection. */
    void check() {
        try {
            StatefulRedisConnection<byte[], byte[]> c = connection;
            if (c == null || !c.isOpen()) {
                // A lost connection was closed by Lettuce itself (its reconnection is off): open a new one.
                c = client.connect(ByteArrayCodec.INSTANCE);
                connection = c;
            }
            c.sync().ping();
            State was = state.getAndSet(State.UP);
            if (was != State.UP) {
                if (was == State.STARTING || flaps.recovered()) {
                    LOG.info("Redis at " + settings.redis() + " reached: rate limits are shared by the cluster");
                }
                synchronized (changed) {
                    changed.notifyAll();
                }
            }
        } catch (RuntimeException e) {
            down(e);
        }
    }

    private void down(RuntimeException cause) {
        if (state.getAndSet(State.DOWN) != State.DOWN) {
            // The cause's message names the address at most (Lettuce never prints the password).
            flaps.lost().ifPresent(note -> LOG.warning("Redis at " + settings.redis() + " unreachable ("
                    + cause.getClass().getSimpleName() + ": " + cause.getMessage()
                    + "): rate limits are this node's own (local) until it is back" + note));
        }
    }

    @Override
    public void close() {
        probe.shutdownNow();
        StatefulRedisConnection<byte[], byte[]> c = connection;
        if (c != null) {
            c.close();
        }
        client.shutdown(Duration.ZERO, settings.connectTimeout());
        synchronized (this) {
            if (blockingClient != null) {
                blockingClient.shutdown(Duration.ZERO, settings.connectTimeout());
            }
        }
    }
}
