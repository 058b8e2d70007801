package dev.reprise.gateway.server;

import dev.reprise.gateway.config.ConnectionLimits;
import dev.reprise.gateway.config.ServerConfig;
import io.helidon.common.socket.SocketOptions;
import io.helidon.webserver.WebServer;
import io.helidon.webserver.http.DirectHandlers;
import io.helidon.webserver.http.HttpRouting;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.function.Consumer;

/**
 * The gateway's HTTP listener and what keeps it reachable: deadlines for slow clients, a connection cap the
 * open-files limit can cover, {@code Connection: close} honoured, and a watchdog that restarts the listener if
 * Helidon closes it anyway.
 */
public final class HttpListener implements AutoCloseable {

    private final RestartableServer server;
    private final ConnectionDeadlines deadlines;
    private final ListenerWatchdog watchdog;

    private HttpListener(RestartableServer server, ConnectionDeadlines deadlines, ListenerWatchdog watchdog) {
        this.server = server;
        this.deadlines = deadlines;
        this.watchdog = watchdog;
    }

    /**
     * Starts listening as {@code config} says, with {@code routing} behind the connection filter. When Helidon
     * cannot bind it logs that and returns without throwing: {@link #port()} is then -1.
     */
    public static HttpListener start(ServerConfig config, DirectHandlers directHandlers,
                                     Consumer<HttpRouting.Builder> routing) {
        QuietClientHangups.install();
        ConnectionLimits limits = config.connections();
        ConnectionDeadlines deadlines = new ConnectionDeadlines(limits, System::nanoTime);
        int maxConnections = ConnectionCap.forThisProcess(limits.maxConnections());
        ConnectionFilter filter = new ConnectionFilter(deadlines);
        RestartableServer server = new RestartableServer(port -> WebServer.builder()
                .host(config.host())
                .port(port)
                .shutdownHook(false)
                // Helidon takes a slot before it accepts: beyond this, clients wait in the listen backlog.
                .maxTcpConnections(maxConnections)
                // Without TCP_NODELAY, the small writes of an SSE stream meet the client's delayed ACK:
                // measured with wrk on keep-alive connections, a streamed pass-through took ~45 ms, 4-10 ms with it.
                .connectionOptions(new WatchingSocketOptions(SocketOptions.builder().tcpNoDelay(true).build(),
                        deadlines))
                .directHandlers(directHandlers)
                .routing(r -> routing.accept(r.addFilter(filter)))
                .build());
        int port = server.start(config.port());
        InetAddress probeHost = probeHost(config.host());
        ListenerWatchdog watchdog = new ListenerWatchdog(() -> new InetSocketAddress(probeHost, port),
                server::restart);
        if (port >= 0) {
            deadlines.startSweeping();
            watchdog.start(ListenerWatchdog.DEFAULT_PERIOD);
        }
        return new HttpListener(server, deadlines, watchdog);
    }

    /** Where the watchdog connects: the configured host, or loopback when listening on every address. */
    static InetAddress probeHost(String host) {
        try {
            InetAddress address = InetAddress.getByName(host);
            return address.isAnyLocalAddress() ? InetAddress.getLoopbackAddress() : address;
        } catch (UnknownHostException e) {
            return InetAddress.getLoopbackAddress();
        }
    }

    /** The bound port (the ephemeral one when the config said 0), or -1 when binding failed. */
    public int port() {
        return server.port();
    }

    /** The Helidon server behind the listener (tests stop it to play a listener that died). */
    public RestartableServer server() {
        return server;
    }

    public ListenerWatchdog watchdog() {
        return watchdog;
    }

    /** Stops listening for good: the watchdog first, so it does not bring the listener back. */
    @Override
    public void close() {
        watchdog.close();
        server.stop();
        deadlines.close();
    }
}
