package dev.reprise.gateway.server;

import io.helidon.http.HeaderValues;
import io.helidon.webserver.CloseConnectionException;
import io.helidon.webserver.http.Filter;
import io.helidon.webserver.http.FilterChain;
import io.helidon.webserver.http.RoutingRequest;
import io.helidon.webserver.http.RoutingResponse;
import io.helidon.webserver.http.ServerRequest;

import java.net.SocketAddress;

/**
 * Tells {@link ConnectionDeadlines} where each request stands (headers in, body read, response done), and
 * closes the connection after a response when the request or the response said {@code Connection: close}:
 * Helidon 4.5 sends that header but then waits for another request on the same connection.
 */
public final class ConnectionFilter implements Filter {

    private static final String BODY_READ = ConnectionFilter.class.getName() + ".bodyRead";

    private final ConnectionDeadlines deadlines;

    public ConnectionFilter(ConnectionDeadlines deadlines) {
        this.deadlines = deadlines;
    }

    @Override
    public void filter(FilterChain chain, RoutingRequest req, RoutingResponse res) {
        SocketAddress peer = req.remotePeer().address();
        deadlines.requestStarted(peer, req.content().hasEntity());
        req.context().register(BODY_READ, (Runnable) () -> deadlines.bodyRead(peer));
        try {
            chain.proceed();
        } finally {
            deadlines.requestFinished(peer);
        }
        // Only once the answer is out: an unsent one would be lost with the connection.
        if (res.isSent() && (req.headers().containsToken(HeaderValues.CONNECTION_CLOSE)
                || res.headers().containsToken(HeaderValues.CONNECTION_CLOSE))) {
            throw new CloseConnectionException("Connection: close");
        }
    }

    /** Called by whoever reads a request's body when it has all of it, which ends the body deadline. */
    public static void bodyRead(ServerRequest req) {
        req.context().get(BODY_READ, Runnable.class).ifPresent(Runnable::run);
    }
}
