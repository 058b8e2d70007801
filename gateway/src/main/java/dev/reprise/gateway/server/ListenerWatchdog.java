package dev.reprise.gateway.server;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Connects to the gateway's own port now and then, and restarts the listener when the connection is refused.
 * Helidon 4.5 closes its listening socket for good when {@code accept()} fails (for example with "Too many open
 * files"), leaving a running process that nobody can reach; {@link ConnectionCap} keeps that from happening
 * through client connections, and this brings the listener back if something else used up the descriptors.
 */
public final class ListenerWatchdog implements AutoCloseable {

    /** How often the port is probed: the longest a dead listener stays dead. */
    public static final Duration DEFAULT_PERIOD = Duration.ofSeconds(5);
    private static final int PROBE_TIMEOUT_MILLIS = 1_000;

    private static final Logger LOG = Logger.getLogger(ListenerWatchdog.class.getName());

    private final Supplier<InetSocketAddress> address;
    private final BooleanSupplier restart;
    private ScheduledExecutorService schedule;

    /**
     * @param address where to connect (the bound port, on loopback when bound to all interfaces)
     * @param restart starts a new listener on the same port; false when the server was stopped on purpose,
     *                an exception when it cannot yet
     */
    public ListenerWatchdog(Supplier<InetSocketAddress> address, BooleanSupplier restart) {
        this.address = address;
        this.restart = restart;
    }

    /**
     * Probes once and restarts the listener if the port refused the connection; returns whether it restarted.
     * A probe that times out or fails for another reason (no descriptor for the probe itself) proves nothing:
     * a busy listener's backlog may be full.
     */
    public boolean check() {
        InetSocketAddress target = address.get();
        try (Socket probe = new Socket()) {
            probe.connect(target, PROBE_TIMEOUT_MILLIS);
            return false;
        } catch (ConnectException e) {
            return restart(target);
        } catch (IOException e) {
            LOG.log(Level.FINE, "probing the listener on " + target + " failed", e);
            return false;
        }
    }

    private boolean restart(InetSocketAddress target) {
        try {
            if (!restart.getAsBoolean()) {
                return false;
            }
        } catch (RuntimeException e) {
            LOG.log(Level.SEVERE, "the listener on " + target + " refuses connections and could not be restarted; "
                    + "trying again", e);
            return false;
        }
        LOG.warning("the listener on " + target + " had closed (Helidon closes it when accept() fails, for example "
                + "with too many open files); a new one is listening");
        return true;
    }

    /** Probes every {@code period} on a daemon thread. */
    public synchronized void start(Duration period) {
        if (schedule != null) {
            return;
        }
        schedule = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "reprise-listener-watchdog");
            t.setDaemon(true);
            return t;
        });
        schedule.scheduleWithFixedDelay(this::checkQuietly, period.toMillis(), period.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void checkQuietly() {
        try {
            check();
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "the listener watchdog failed", e);
        }
    }

    @Override
    public synchronized void close() {
        if (schedule != null) {
            schedule.shutdownNow();
            schedule = null;
        }
    }
}
