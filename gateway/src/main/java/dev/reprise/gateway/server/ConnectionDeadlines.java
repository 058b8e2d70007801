package dev.reprise.gateway.server;

import dev.reprise.gateway.config.ConnectionLimits;

import java.io.IOException;
import java.net.SocketAddress;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.LongSupplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The deadline each client connection must meet next (its headers, its body, or the next request after a
 * response), and the sweep that closes those that miss it: Helidon 4.5 has no server read timeout, and its idle
 * check cannot interrupt a read stuck mid-header.
 */
public final class ConnectionDeadlines implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(ConnectionDeadlines.class.getName());
    private static final Duration MIN_SWEEP_PERIOD = Duration.ofMillis(10);
    private static final Duration MAX_SWEEP_PERIOD = Duration.ofSeconds(1);

    /** What a connection is waiting for; {@link #HANDLING} has no deadline (upstream timeouts bound it). */
    enum Phase { HEADERS, BODY, HANDLING, IDLE, CLOSED }

    private record State(Phase phase, long deadlineNanos) {

        boolean expired(long now) {
            return phase != Phase.HANDLING && phase != Phase.CLOSED && now - deadlineNanos >= 0;
        }
    }

    /** One accepted connection; the sweeper closes it only if its state did not change since it looked. */
    private static final class Watched {

        private final SocketChannel channel;
        private final AtomicReference<State> state;

        private Watched(SocketChannel channel, State initial) {
            this.channel = channel;
            this.state = new AtomicReference<>(initial);
        }

        Phase phase() {
            return state.get().phase();
        }

        /** Moves on, unless the sweeper already closed it. */
        private void enter(State next) {
            state.getAndUpdate(s -> s.phase() == Phase.CLOSED ? s : next);
        }
    }

    private final ConnectionLimits limits;
    private final LongSupplier ticker;
    private final Map<SocketAddress, Watched> connections = new ConcurrentHashMap<>();
    private ScheduledExecutorService sweeper;

    public ConnectionDeadlines(ConnectionLimits limits, LongSupplier nanoTicker) {
        this.limits = limits;
        this.ticker = nanoTicker;
    }

    /** A connection was accepted: its first request's headers are due within the header timeout. */
    public void accepted(SocketChannel channel) {
        SocketAddress peer;
        try {
            peer = channel.getRemoteAddress();
        } catch (IOException e) {
            return;
        }
        if (peer != null) {
            connections.put(peer, new Watched(channel, due(Phase.HEADERS, limits.headerTimeout().toNanos())));
        }
    }

    /** A request's headers arrived: its body (if any) is due within the body timeout. */
    void requestStarted(SocketAddress peer, boolean hasBody) {
        move(peer, hasBody ? due(Phase.BODY, limits.bodyTimeout().toNanos()) : new State(Phase.HANDLING, 0));
    }

    /** The handler has read the whole body: from here on, only the upstream timeouts apply. */
    void bodyRead(SocketAddress peer) {
        move(peer, new State(Phase.HANDLING, 0));
    }

    /** The response is done: the next request's headers are due within the idle timeout. */
    void requestFinished(SocketAddress peer) {
        move(peer, due(Phase.IDLE, limits.idleTimeout().toNanos()));
    }

    private void move(SocketAddress peer, State next) {
        Watched w = peer == null ? null : connections.get(peer);
        if (w != null) {
            w.enter(next);
        }
    }

    private State due(Phase phase, long inNanos) {
        return new State(phase, ticker.getAsLong() + inNanos);
    }

    /**
     * Closes every connection past its deadline and forgets the ones already closed; returns how many it
     * closed. Closing the channel fails the read Helidon is blocked in, which ends the connection and frees
     * its slot under {@code server.max-connections}.
     */
    public int sweep() {
        long now = ticker.getAsLong();
        int closed = 0;
        for (Map.Entry<SocketAddress, Watched> e : connections.entrySet()) {
            Watched w = e.getValue();
            State s = w.state.get();
            if (!w.channel.isOpen()) {
                // By key and value: a new connection from the same address may have taken the key meanwhile.
                connections.remove(e.getKey(), w);
            } else if (s.expired(now) && w.state.compareAndSet(s, new State(Phase.CLOSED, now))) {
                connections.remove(e.getKey(), w);
                close(w.channel, s.phase());
                closed++;
            }
        }
        return closed;
    }

    /**
     * Sweeps on a daemon thread, a quarter of the shortest timeout apart (between 10 ms and 1 s), so a
     * connection is closed at most that much after its deadline.
     */
    public synchronized void startSweeping() {
        if (sweeper != null) {
            return;
        }
        Duration period = sweepPeriod(limits);
        sweeper = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "reprise-connection-deadlines");
            t.setDaemon(true);
            return t;
        });
        sweeper.scheduleAtFixedRate(this::sweepQuietly, period.toNanos(), period.toNanos(), TimeUnit.NANOSECONDS);
    }

    static Duration sweepPeriod(ConnectionLimits limits) {
        Duration quarter = limits.shortestTimeout().dividedBy(4);
        if (quarter.compareTo(MIN_SWEEP_PERIOD) < 0) {
            return MIN_SWEEP_PERIOD;
        }
        return quarter.compareTo(MAX_SWEEP_PERIOD) > 0 ? MAX_SWEEP_PERIOD : quarter;
    }

    private void sweepQuietly() {
        try {
            sweep();
        } catch (RuntimeException e) {
            // An exception would cancel the schedule, and with it every deadline.
            LOG.log(Level.WARNING, "sweeping connection deadlines failed", e);
        }
    }

    @Override
    public synchronized void close() {
        if (sweeper != null) {
            sweeper.shutdownNow();
            sweeper = null;
        }
    }

    /** How many connections are being watched (open, or closed since the last sweep). */
    public int watched() {
        return connections.size();
    }

    /** The phase of the connection from {@code peer}, or null when it is not watched (tests). */
    Phase phaseOf(SocketAddress peer) {
        Watched w = connections.get(peer);
        return w == null ? null : w.phase();
    }

    private static void close(SocketChannel channel, Phase missed) {
        LOG.fine(() -> "closing a connection that missed its " + missed.name().toLowerCase() + " deadline");
        try {
            channel.close();
        } catch (IOException e) {
            LOG.log(Level.FINE, "closing a timed-out connection failed", e);
        }
    }
}
