package dev.reprise.gateway.cluster;

import dev.reprise.gateway.GatewayFixture;
import dev.reprise.gateway.config.ConfigException;
import dev.reprise.gateway.config.ConfigLoader;
import dev.reprise.gateway.config.ConfigSections;
import dev.reprise.gateway.config.EnvSubstitution;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code cluster:} as the config file gives it: defaults, the Redis URL and its password, and refusals. */
class ClusterSettingsTest {

    private static final EnvSubstitution ENV = EnvSubstitution.of(Map.of("REDIS_PASSWORD", "s3cr3t/pw"));

    private static ClusterSettings load(String section) {
        return new ConfigLoader(ENV).loadYaml(GatewayFixture.MOCK_ONLY + section, "test.yaml")
                .section(ConfigSections.CLUSTER);
    }

    private static String failure(String section) {
        return assertThrows(ConfigException.class, () -> load(section)).getMessage();
    }

    @Test
    void should_be_a_single_node_when_the_section_is_absent() {
        ClusterSettings s = load("");
        assertFalse(s.shared());
        assertEquals(ClusterSettings.DEFAULT_COMMAND_TIMEOUT, s.commandTimeout());
        assertEquals(ClusterSettings.DEFAULT_CONNECT_TIMEOUT, s.connectTimeout());
    }

    @Test
    void should_read_the_url_with_its_password_from_the_environment_and_never_print_it() {
        ClusterSettings s = load("""
                cluster:
                  redis-url: redis://:${REDIS_PASSWORD}@10.0.0.5:6380/2
                  command-timeout: 100ms
                  connect-timeout: 1s
                """);
        assertTrue(s.shared());
        assertEquals(new RedisAddress("10.0.0.5", 6380, null, "s3cr3t/pw", 2), s.redis());
        assertEquals(Duration.ofMillis(100), s.commandTimeout());
        assertEquals(Duration.ofSeconds(1), s.connectTimeout());
        assertEquals("10.0.0.5:6380/2", s.redis().toString());
        assertFalse(s.toString().contains("s3cr3t"), s.toString());
    }

    @Test
    void should_take_an_acl_user_and_the_default_port() {
        RedisAddress a = load("cluster:\n  redis-url: redis://gw:pw@redis.internal\n").redis();
        assertEquals("gw", a.user());
        assertEquals("pw", a.password());
        assertEquals(RedisAddress.DEFAULT_PORT, a.port());
        assertNull(load("cluster:\n  redis-url: redis://127.0.0.1:6379\n").redis().password());
    }

    @Test
    void should_refuse_a_url_that_is_not_redis_without_repeating_it() {
        String wrongScheme = failure("cluster:\n  redis-url: http://:hunter2@host:6379\n");
        assertTrue(wrongScheme.contains("cluster.redis-url: must start with redis://"), wrongScheme);
        assertFalse(wrongScheme.contains("hunter2"), wrongScheme);
        String noHost = failure("cluster:\n  redis-url: redis://:hunter2@/0\n");
        assertTrue(noHost.contains("cluster.redis-url: must name a host"), noHost);
        assertFalse(noHost.contains("hunter2"), noHost);
        assertTrue(failure("cluster:\n  redis-url: redis://h:6379/x\n").contains("database number"));
    }

    @Test
    void should_replicate_the_cache_by_default_once_redis_is_named_and_read_its_keys() {
        assertFalse(load("").replicated(), "a single node");
        ClusterSettings defaults = load("cluster:\n  redis-url: redis://h\n");
        assertTrue(defaults.replicated());
        assertEquals(ReplicationSettings.defaults(), defaults.replication());
        assertEquals("reprise:cache", defaults.replication().stream());

        ClusterSettings s = load("""
                cluster:
                  redis-url: redis://h
                  replication:
                    stream: team-a:cache
                    max-entries: 5000
                    outbox-size: 200
                """);
        assertEquals(new ReplicationSettings(true, "team-a:cache", 5000, 200), s.replication());
        assertFalse(load("cluster:\n  redis-url: redis://h\n  replication:\n    enabled: false\n").replicated());
    }

    @Test
    void should_refuse_a_replication_bound_below_one_a_blank_stream_and_an_unknown_key() {
        assertTrue(failure("cluster:\n  redis-url: redis://h\n  replication:\n    max-entries: 0\n")
                .contains("cluster.replication.max-entries: must be >= 1, got 0"));
        assertTrue(failure("cluster:\n  redis-url: redis://h\n  replication:\n    outbox-size: -1\n")
                .contains("cluster.replication.outbox-size: must be >= 1, got -1"));
        assertTrue(failure("cluster:\n  redis-url: redis://h\n  replication:\n    stream: \" \"\n")
                .contains("cluster.replication.stream: must not be blank"));
        String unknown = failure("cluster:\n  redis-url: redis://h\n  replication:\n    max-age: 1h\n");
        assertTrue(unknown.contains("cluster.replication.max-age: unknown key"), unknown);
    }

    @Test
    void should_refuse_a_zero_timeout_and_an_unknown_key() {
        assertTrue(failure("cluster:\n  redis-url: redis://h\n  command-timeout: 0\n")
                .contains("cluster.command-timeout: must be greater than 0"));
        assertTrue(failure("cluster:\n  redis-uri: redis://h\n").contains("cluster.redis-uri: unknown key"));
    }
}
