package dev.reprise.gateway.server;

import io.helidon.webserver.WebServer;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.IntFunction;
import java.util.logging.Logger;

/**
 * The gateway's Helidon server, which can be replaced by a fresh one on the same port when its listener died
 * (a Helidon server cannot be started twice).
 */
public final class RestartableServer {

    private static final Logger LOG = Logger.getLogger(RestartableServer.class.getName());

    private final IntFunction<WebServer> build;
    private final AtomicBoolean stopped = new AtomicBoolean();
    private volatile WebServer current;
    private volatile int port;

    /** @param build a configured, unstarted server on the given port */
    public RestartableServer(IntFunction<WebServer> build) {
        this.build = build;
    }

    /**
     * Starts a server on {@code requestedPort} (0: any free one); returns the bound port, or -1 when Helidon
     * could not bind (it logs that and returns without throwing).
     */
    public synchronized int start(int requestedPort) {
        current = build.apply(requestedPort);
        current.start();
        port = current.port();
        return port;
    }

    /** The bound port, kept across restarts. */
    public int port() {
        return port;
    }

    /**
     * Replaces the server with a new one on the same port; returns false, doing nothing, once stopped.
     *
     * @throws IllegalStateException when the port cannot be bound again yet
     */
    public synchronized boolean restart() {
        if (stopped.get()) {
            return false;
        }
        // Harmless on a dead listener, and it lets go of what the old server still holds.
        current.stop();
        WebServer fresh = build.apply(port);
        fresh.start();
        if (fresh.port() < 0) {
            throw new IllegalStateException("cannot bind port " + port + " again");
        }
        current = fresh;
        LOG.fine(() -> "listener restarted on port " + port);
        return true;
    }

    /** Stops the current server for good. */
    public synchronized void stop() {
        stopped.set(true);
        current.stop();
    }

    /** The running Helidon server (tests stop it to play a dead listener). */
    public WebServer current() {
        return current;
    }
}
