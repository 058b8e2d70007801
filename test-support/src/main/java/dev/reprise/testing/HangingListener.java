package dev.reprise.testing;

import org.junit.jupiter.api.Assumptions;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.util.ArrayList;
import java.util.List;

/**
 * A loopback listener that never accepts, its accept queue held full, so a connect to it hangs as it does to a
 * host that is down behind a firewall: how tests reach a connect timeout.
 */
public final class HangingListener implements AutoCloseable {

    /** How many connects to try before concluding the platform never drops one. */
    private static final int MAX_QUEUED = 64;
    private static final int CONNECT_TIMEOUT_MILLIS = 200;

    private final ServerSocket server;
    private final List<Socket> queued;

    private HangingListener(ServerSocket server, List<Socket> queued) {
        this.server = server;
        this.queued = queued;
    }

    /**
     * Opens the listener and fills its queue; aborts the calling test where the platform accepts connections
     * beyond a full backlog (Linux drops the SYN instead), since a hung connect cannot be staged there.
     */
    public static HangingListener open() throws IOException {
        ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        List<Socket> queued = new ArrayList<>();
        for (int i = 0; i < MAX_QUEUED; i++) {
            Socket socket = new Socket();
            try {
                socket.connect(server.getLocalSocketAddress(), CONNECT_TIMEOUT_MILLIS);
                queued.add(socket);
            } catch (SocketTimeoutException full) {
                socket.close();
                return new HangingListener(server, queued);
            }
        }
        new HangingListener(server, queued).close();
        return Assumptions.abort("this platform accepts connections beyond a full backlog");
    }

    public int port() {
        return server.getLocalPort();
    }

    @Override
    public void close() throws IOException {
        for (Socket socket : queued) {
            socket.close();
        }
        server.close();
    }
}
