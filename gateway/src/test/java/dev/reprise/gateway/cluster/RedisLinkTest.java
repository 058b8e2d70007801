package dev.reprise.gateway.cluster;

import dev.reprise.gateway.LogCapture;
import dev.reprise.testing.TestClock;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.logging.Level;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The connection to a password-protected Redis: the password works, a wrong one is refused, and neither is logged; a
 * link that flaps is logged once a minute, not once a flap.
 */
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
    void should_log_a_flapping_link_once_a_minute_and_count_the_losses_it_left_out() throws Exception {
        TestClock clock = new TestClock(Instant.parse("2026-01-01T00:00:00Z"));
        try (RedisServer redis = RedisServer.start(PASSWORD);
             LogCapture logs = LogCapture.of("dev.reprise.gateway.cluster");
             RedisLink link = RedisLink.open(settings(redis, PASSWORD), new SimpleMeterRegistry(), clock)) {
            // Five flaps in 25 s, as a node starved of CPU has them: a command overruns, the next probe finds Redis.
            for (int i = 0; i < 5; i++) {
                link.failed(new RuntimeException("Command timed out after 250 millisecond(s)"));
                assertFalse(link.up(), "a failed command counts as a loss at once");
                link.check();
                assertTrue(link.up(), "and the probe ends it");
                clock.advance(Duration.ofSeconds(5));
            }
            assertEquals(1, logs.at(Level.WARNING, "unreachable").size(), logs.lines().toString());
            // The start, and the end of the one loss that was logged.
            assertEquals(2, logs.at(Level.INFO, "reached").size(), logs.lines().toString());

            clock.advance(FlapLog.QUIET);
            link.failed(new RuntimeException("Command timed out after 250 millisecond(s)"));
            List<String> warnings = logs.at(Level.WARNING, "unreachable");
            assertEquals(2, warnings.size(), logs.lines().toString());
            assertTrue(warnings.get(1).contains("(4 more losses since the last one logged)"), warnings.get(1));
            link.check();
            assertEquals(3, logs.at(Level.INFO, "reached").size(), logs.lines().toString());
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
