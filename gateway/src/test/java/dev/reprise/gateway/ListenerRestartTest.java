package dev.reprise.gateway;

import org.junit.jupiter.api.Test;

import java.io.UncheckedIOException;
import java.net.ConnectException;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Helidon closes its listener for good when accept() fails (too many open files); the watchdog puts a new
 * one on the same port. Stopping the Helidon server leaves the same state: a live process, a closed port.
 */
class ListenerRestartTest {

    @Test
    void should_bring_a_dead_listener_back_on_the_same_port() {
        try (GatewayFixture fx = GatewayFixture.start(GatewayFixture.MOCK_ONLY)) {
            int port = fx.port();
            fx.gateway.listener().server().current().stop();
            UncheckedIOException refused = assertThrows(UncheckedIOException.class, () -> fx.get("/health"));
            assertInstanceOf(ConnectException.class, refused.getCause());

            assertTrue(fx.gateway.listener().watchdog().check());

            assertEquals(port, fx.port());
            assertEquals(200, fx.get("/health").statusCode());
            assertEquals(200, fx.post("/v1/chat/completions", GatewayFixture.chat("mock", "still there?")).statusCode());
        }
    }

    @Test
    void should_not_restart_a_listener_stopped_on_purpose() {
        GatewayFixture fx = GatewayFixture.start(GatewayFixture.MOCK_ONLY);
        fx.close();

        assertFalse(fx.gateway.listener().watchdog().check());
        assertThrows(UncheckedIOException.class, () -> fx.get("/health"));
    }
}
