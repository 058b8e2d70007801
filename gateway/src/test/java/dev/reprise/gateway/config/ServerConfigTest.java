package dev.reprise.gateway.config;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The {@code server:} section's connection limits: defaults, values, and messages that name the key. */
class ServerConfigTest {

    private static final String MOCK = """
            models:
              - name: mock
                provider: mock
            """;

    private static ServerConfig server(String yaml) {
        return new ConfigLoader(EnvSubstitution.of(Map.of())).loadYaml(yaml + MOCK, "test.yaml").server();
    }

    private static String failure(String yaml) {
        return assertThrows(ConfigException.class, () -> server(yaml)).getMessage();
    }

    @Test
    void should_bound_connections_by_default() {
        ConnectionLimits limits = server("").connections();

        assertEquals(ConnectionLimits.DEFAULT_HEADER_TIMEOUT, limits.headerTimeout());
        assertEquals(ConnectionLimits.DEFAULT_BODY_TIMEOUT, limits.bodyTimeout());
        assertEquals(ConnectionLimits.DEFAULT_IDLE_TIMEOUT, limits.idleTimeout());
        assertEquals(ConnectionLimits.DEFAULT_MAX_CONNECTIONS, limits.maxConnections());
        assertEquals(ConnectionLimits.defaults(), ServerConfig.defaults().connections());
    }

    @Test
    void should_read_the_connection_limits() {
        ConnectionLimits limits = server("""
                server:
                  header-timeout: 10s
                  body-timeout: 2m
                  idle-timeout: 500ms
                  max-connections: 100
                """).connections();

        assertEquals(new ConnectionLimits(Duration.ofSeconds(10), Duration.ofMinutes(2), Duration.ofMillis(500), 100),
                limits);
    }

    @Test
    void should_keep_the_limits_when_the_command_line_moves_the_port() {
        ServerConfig s = server("server:\n  max-connections: 7\n").withPort(9000).withHost("0.0.0.0");

        assertEquals(7, s.connections().maxConnections());
    }

    @Test
    void should_refuse_limits_that_would_leave_connections_unbounded_or_unusable() {
        assertMessage(failure("server:\n  header-timeout: 0s\n"), "server.header-timeout", "0s");
        assertMessage(failure("server:\n  body-timeout: soon\n"), "server.body-timeout", "soon");
        assertMessage(failure("server:\n  idle-timeout: 0\n"), "server.idle-timeout", "0");
        assertMessage(failure("server:\n  max-connections: 0\n"), "server.max-connections", "0");
        assertMessage(failure("server:\n  max-connections: many\n"), "server.max-connections", "many");
    }

    private static void assertMessage(String message, String key, String value) {
        assertTrue(message.contains(key), "names the key " + key + ": " + message);
        assertTrue(message.contains(value), "names the value " + value + ": " + message);
    }
}
