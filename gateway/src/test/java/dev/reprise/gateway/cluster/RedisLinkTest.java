package dev.reprise.gateway.cluster;

import dev.reprise.gateway.LogCapture;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import java.util.logging.Level;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The connection to a password-protected Redis: the password works, a wrong one is refused, and neither is logged. */
class RedisLinkTest {

    private static final String PASSWORD = "pw-7f3a/b:c%d";

    private static ClusterSettings settings(RedisServer redis, String password) {
        return ClusterSettings.Yaml.resolve(new ClusterSettings.Yaml(
                "redis://:" + password + "@127.0.0.1:" + redis.port(), "2s", "2s", "1h"));
    }

    @Test
    void should_authenticate_with_the_urls_password_and_never_log_it() throws Exception {
        try (RedisServer redis = RedisServer.start(PASSWORD);
             LogCapture logs = LogCapture.of("dev.reprise.gateway.cluster");
             RedisLink link = RedisLink.open(settings(redis, PASSWORD), new SimpleMeterRegistry())) {
            assertTrue(link.up(), logs.lines().toString());
            assertNotNull(link.connection());
            assertEquals(1, logs.at(Level.INFO, "127.0.0.1:" + redis.port() + " reached").size());
            assertFalse(logs.everything().contains(PASSWORD), logs.everything());
        }
    }

    @Test
    void should_count_a_wrong_password_as_down_and_log_it_once_without_the_password() throws Exception {
        try (RedisServer redis = RedisServer.start(PASSWORD);
             LogCapture logs = LogCapture.of("dev.reprise.gateway.cluster");
             RedisLink link = RedisLink.open(settings(redis, "wrong-secret"), new SimpleMeterRegistry())) {
            assertFalse(link.up());
            link.check();
            assertEquals(1, logs.at(Level.WARNING, "unreachable").size(), logs.lines().toString());
            assertFalse(logs.everything().contains("wrong-secret"), logs.everything());
        }
    }
}
