package dev.reprise.gateway.server;

import dev.reprise.gateway.config.ConnectionLimits;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Which deadline a connection must meet at each step, on loopback sockets and a ticker the test moves. */
class ConnectionDeadlinesTest {

    private static final ConnectionLimits LIMITS = new ConnectionLimits(Duration.ofSeconds(20), Duration.ofSeconds(60),
            Duration.ofSeconds(90), 10);

    private final AtomicLong nanos = new AtomicLong(1_000);
    private final ConnectionDeadlines deadlines = new ConnectionDeadlines(LIMITS, nanos::get);
    private final List<SocketChannel> opened = new ArrayList<>();
    private ServerSocketChannel listener;

    @BeforeEach
    void listen() throws IOException {
        listener = ServerSocketChannel.open().bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
    }

    @AfterEach
    void closeAll() throws IOException {
        for (SocketChannel c : opened) {
            c.close();
        }
        listener.close();
    }

    /** A connection as the server sees it, already handed to the deadlines. */
    private SocketChannel accept() throws IOException {
        opened.add(SocketChannel.open(listener.getLocalAddress()));
        SocketChannel accepted = listener.accept();
        opened.add(accepted);
        deadlines.accepted(accepted);
        return accepted;
    }

    private void advance(Duration d) {
        nanos.addAndGet(d.toNanos());
    }

    private static SocketAddress peer(SocketChannel accepted) throws IOException {
        return accepted.getRemoteAddress();
    }

    @Test
    void should_close_a_connection_whose_first_headers_are_late() throws IOException {
        SocketChannel c = accept();

        advance(Duration.ofSeconds(19));
        assertEquals(0, deadlines.sweep());
        advance(Duration.ofSeconds(1));
        assertEquals(1, deadlines.sweep());

        assertFalse(c.isOpen());
        assertEquals(0, deadlines.watched());
    }

    @Test
    void should_give_the_body_its_own_deadline_from_when_the_headers_came() throws IOException {
        SocketChannel c = accept();
        advance(Duration.ofSeconds(15));
        deadlines.requestStarted(peer(c), true);

        advance(Duration.ofSeconds(59));
        assertEquals(0, deadlines.sweep());
        advance(Duration.ofSeconds(1));
        assertEquals(1, deadlines.sweep());
        assertFalse(c.isOpen());
    }

    @Test
    void should_never_close_a_connection_while_its_request_is_handled() throws IOException {
        SocketChannel withBody = accept();
        SocketChannel withoutBody = accept();
        deadlines.requestStarted(peer(withBody), true);
        deadlines.bodyRead(peer(withBody));
        deadlines.requestStarted(peer(withoutBody), false);

        advance(Duration.ofHours(1));

        assertEquals(0, deadlines.sweep());
        assertTrue(withBody.isOpen() && withoutBody.isOpen());
        assertEquals(ConnectionDeadlines.Phase.HANDLING, deadlines.phaseOf(peer(withBody)));
    }

    @Test
    void should_give_a_kept_alive_connection_the_idle_timeout_after_each_response() throws IOException {
        SocketChannel c = accept();
        deadlines.requestStarted(peer(c), false);
        advance(Duration.ofMinutes(5));
        deadlines.requestFinished(peer(c));

        advance(Duration.ofSeconds(89));
        assertEquals(0, deadlines.sweep());
        assertEquals(ConnectionDeadlines.Phase.IDLE, deadlines.phaseOf(peer(c)));
        advance(Duration.ofSeconds(1));
        assertEquals(1, deadlines.sweep());
        assertFalse(c.isOpen());
    }

    @Test
    void should_forget_connections_that_closed_on_their_own() throws IOException {
        SocketChannel c = accept();
        c.close();

        assertEquals(0, deadlines.sweep());
        assertEquals(0, deadlines.watched());
    }

    @Test
    void should_not_reopen_a_deadline_for_a_connection_it_closed() throws IOException {
        SocketChannel c = accept();
        SocketAddress peer = peer(c);
        advance(Duration.ofSeconds(20));
        deadlines.sweep();

        deadlines.requestStarted(peer, false);

        assertEquals(null, deadlines.phaseOf(peer));
    }

    @Test
    void should_sweep_often_enough_for_the_shortest_timeout() {
        assertEquals(Duration.ofSeconds(1), ConnectionDeadlines.sweepPeriod(ConnectionLimits.defaults()));
        assertEquals(Duration.ofMillis(75), ConnectionDeadlines.sweepPeriod(
                LIMITS.withTimeouts(Duration.ofMillis(300), Duration.ofSeconds(1), Duration.ofSeconds(1))));
        assertEquals(Duration.ofMillis(10), ConnectionDeadlines.sweepPeriod(
                LIMITS.withTimeouts(Duration.ofMillis(1), Duration.ofSeconds(1), Duration.ofSeconds(1))));
    }
}
