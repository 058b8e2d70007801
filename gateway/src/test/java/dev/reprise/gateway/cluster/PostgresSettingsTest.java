package dev.reprise.gateway.cluster;

import dev.reprise.gateway.GatewayFixture;
import dev.reprise.gateway.config.ConfigException;
import dev.reprise.gateway.config.ConfigLoader;
import dev.reprise.gateway.config.EnvSubstitution;
import dev.reprise.gateway.ledger.LedgerSettings;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code ledger.url} and its neighbours as the config file gives them: SQLite by default, the URL, and refusals. */
class PostgresSettingsTest {

    private static final String SECRET = "s3cr3t/p@ss:w%rd";
    private static final EnvSubstitution ENV = EnvSubstitution.of(Map.of("PG_PASSWORD", SECRET));

    private static LedgerSettings load(String section) {
        return new ConfigLoader(ENV).loadYaml(GatewayFixture.MOCK_ONLY + section, "test.yaml").ledger();
    }

    private static String failure(String section) {
        return assertThrows(ConfigException.class, () -> load(section)).getMessage();
    }

    @Test
    void should_keep_the_sqlite_file_when_no_url_is_set() {
        LedgerSettings s = load("ledger:\n  retention: 7d\n");
        assertFalse(s.shared());
        assertNull(s.postgres());
        assertEquals(LedgerSettings.DEFAULT_BUFFER_LIMIT, s.bufferLimit());
    }

    @Test
    void should_read_the_url_with_its_password_from_the_environment_and_never_print_it() {
        LedgerSettings s = load("""
                ledger:
                  url: postgresql://reprise:${PG_PASSWORD}@10.0.0.7:5433/usage?sslmode=require&ApplicationName=n1
                  pool-size: 3
                  command-timeout: 100ms
                  socket-timeout: 10s
                  buffer-limit: 1MiB
                """);
        assertTrue(s.shared());
        PostgresSettings pg = s.postgres();
        assertEquals(new PostgresAddress("10.0.0.7", 5433, "usage", "reprise", SECRET,
                Map.of("sslmode", "require", "ApplicationName", "n1")), pg.address());
        assertEquals(3, pg.poolSize());
        assertEquals(Duration.ofMillis(100), pg.commandTimeout());
        assertEquals(Duration.ofSeconds(10), pg.socketTimeout());
        assertEquals(1L << 20, s.bufferLimit());
        assertEquals("jdbc:postgresql://10.0.0.7:5433/usage", pg.address().jdbcUrl());
        assertEquals("10.0.0.7:5433/usage", pg.address().toString());
        assertFalse(s.toString().contains("p@ss"), s.toString());
    }

    @Test
    void should_take_the_defaults_for_a_bare_url() {
        PostgresSettings pg = load("ledger:\n  url: postgres://db.internal/reprise\n").postgres();
        assertEquals(new PostgresAddress("db.internal", 5432, "reprise", null, null, Map.of()), pg.address());
        assertEquals(PostgresSettings.DEFAULT_POOL_SIZE, pg.poolSize());
        assertEquals(PostgresSettings.DEFAULT_COMMAND_TIMEOUT, pg.commandTimeout());
        assertEquals(PostgresSettings.DEFAULT_CONNECT_TIMEOUT, pg.connectTimeout());
    }

    @Test
    void should_refuse_a_bad_url_naming_the_key_and_never_the_password() {
        String jdbc = failure("ledger:\n  url: jdbc:postgresql://h/db\n");
        assertTrue(jdbc.contains("ledger.url") && jdbc.contains("postgresql://"), jdbc);
        assertTrue(failure("ledger:\n  url: postgresql://u:pw@h:5432\n").contains("must name a database"));
        String noDb = failure("ledger:\n  url: postgresql://u:${PG_PASSWORD}@h:5432\n");
        assertTrue(noDb.contains("ledger.url"), noDb);
        assertFalse(noDb.contains(SECRET), noDb);
        String port = failure("ledger:\n  url: postgresql://u:${PG_PASSWORD}@h:port/db\n");
        assertTrue(port.contains("port"), port);
        assertFalse(port.contains(SECRET), port);
        String inQuery = failure("ledger:\n  url: postgresql://h/db?password=${PG_PASSWORD}\n");
        assertTrue(inQuery.contains("'password' cannot be a query parameter"), inQuery);
        assertFalse(inQuery.contains(SECRET), inQuery);
    }

    @Test
    void should_refuse_bad_pool_and_timeouts() {
        assertTrue(failure("ledger:\n  url: postgresql://h/db\n  pool-size: 0\n").contains("ledger.pool-size"));
        assertTrue(failure("ledger:\n  url: postgresql://h/db\n  connect-timeout: 1500ms\n")
                .contains("ledger.connect-timeout must be a whole number of seconds"));
        assertTrue(failure("ledger:\n  url: postgresql://h/db\n  command-timeout: 1m\n")
                .contains("ledger.command-timeout"));
        assertTrue(failure("ledger:\n  buffer-limit: 1KiB\n").contains("ledger.buffer-limit"));
        assertTrue(failure("ledger:\n  url: postgresql://h/db\n  path: /tmp/ledger.db\n")
                .contains("cannot both be set"));
    }
}
