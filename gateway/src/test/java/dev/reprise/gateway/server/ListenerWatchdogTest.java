package dev.reprise.gateway.server;

import dev.reprise.testing.FakeUpstream;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The watchdog restarts a listener only when its port refuses connections. */
class ListenerWatchdogTest {

    private final AtomicInteger restarts = new AtomicInteger();

    @Test
    void should_restart_a_listener_whose_port_refuses_connections() throws IOException {
        InetSocketAddress dead = deadPort();
        ListenerWatchdog watchdog = new ListenerWatchdog(() -> dead, () -> restarts.incrementAndGet() > 0);

        assertTrue(watchdog.check());
        assertEquals(1, restarts.get());
    }

    @Test
    void should_leave_a_listening_port_alone() throws IOException {
        try (ServerSocket alive = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            InetSocketAddress address = (InetSocketAddress) alive.getLocalSocketAddress();
            ListenerWatchdog watchdog = new ListenerWatchdog(() -> address, () -> restarts.incrementAndGet() > 0);

            assertFalse(watchdog.check());
            assertEquals(0, restarts.get());
        }
    }

    @Test
    void should_try_again_later_when_a_restart_fails() throws IOException {
        InetSocketAddress dead = deadPort();
        ListenerWatchdog watchdog = new ListenerWatchdog(() -> dead, () -> {
            restarts.incrementAndGet();
            throw new IllegalStateException("cannot bind yet");
        });

        assertFalse(watchdog.check());
        assertFalse(watchdog.check());
        assertEquals(2, restarts.get());
    }

    /** A loopback port nothing listens on, kept from other servers for the test run (see FakeUpstream.closedPort). */
    private static InetSocketAddress deadPort() {
        return new InetSocketAddress(InetAddress.getLoopbackAddress(), FakeUpstream.closedPort());
    }
}
