package dev.reprise.gateway.cluster;

import dev.reprise.gateway.LogCapture;
import dev.reprise.testing.TestClock;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.logging.Level;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The pool to a real PostgreSQL: the stores' tables are migrated at first contact (also when that is after a start
 * without the database), a loss and a return are each logged once, and a lost database fails a query fast.
 */
class PostgresLinkTest {

    private static PostgresSettings settings(PostgresServer pg) {
        // The probe never fires by itself in these tests (an hour): each check() is one the test makes.
        return new PostgresSettings(PostgresAddress.parse("ledger.url", pg.url()), 2, Duration.ofSeconds(2),
                Duration.ofSeconds(5), Duration.ofMillis(300), Duration.ofHours(1));
    }

    @Test
    void should_migrate_the_stores_and_log_a_loss_and_a_return_once_each() throws Exception {
        try (PostgresServer pg = PostgresServer.start();
             LogCapture logs = LogCapture.of("dev.reprise.gateway.cluster");
             PostgresLink link = PostgresLink.open(settings(pg), List.of("ledger", "spend"),
                     new SimpleMeterRegistry())) {
            assertTrue(link.up(), logs.lines().toString());
            assertEquals(List.of("requests", "feedback", "spend"), tables(pg));
            pg.stop();
            link.check();
            link.check();
            assertFalse(link.up());
            assertEquals(1, logs.at(Level.WARNING, "unreachable").size(), logs.lines().toString());
            pg.restart();
            link.check();
            assertTrue(link.up());
            assertEquals(2, logs.at(Level.INFO, "reached").size(), logs.lines().toString());
        }
    }

    @Test
    void should_log_a_flapping_link_once_a_minute() throws Exception {
        TestClock clock = new TestClock(Instant.parse("2026-01-01T00:00:00Z"));
        try (PostgresServer pg = PostgresServer.start();
             LogCapture logs = LogCapture.of("dev.reprise.gateway.cluster");
             PostgresLink link = PostgresLink.open(settings(pg), List.of("ledger"), new SimpleMeterRegistry(), clock)) {
            // Three flaps in 15 s, as a node starved of CPU has them: a query overruns, the next probe finds it.
            for (int i = 0; i < 3; i++) {
                link.failed(new SQLTransientConnectionException("connection is not available, request timed out"));
                assertFalse(link.up());
                link.check();
                assertTrue(link.up());
                clock.advance(Duration.ofSeconds(5));
            }
            assertEquals(1, logs.at(Level.WARNING, "unreachable").size(), logs.lines().toString());
            assertEquals(2, logs.at(Level.INFO, "reached").size(), logs.lines().toString());
            clock.advance(Duration.ofMinutes(1));
            link.failed(new SQLTransientConnectionException("connection is not available, request timed out"));
            List<String> warnings = logs.at(Level.WARNING, "unreachable");
            assertEquals(2, warnings.size(), logs.lines().toString());
            assertTrue(warnings.get(1).contains("(2 more losses since the last one logged)"), warnings.get(1));
        }
    }

    @Test
    void should_start_without_the_database_and_migrate_when_it_first_answers() throws Exception {
        try (PostgresServer pg = PostgresServer.start()) {
            pg.stop();
            try (PostgresLink link = PostgresLink.open(settings(pg), List.of("ledger"), new SimpleMeterRegistry())) {
                assertFalse(link.up());
                pg.restart();
                link.check();
                assertTrue(link.up());
                assertEquals(List.of("requests", "feedback"), tables(pg));
            }
        }
    }

    @Test
    void should_fail_a_query_on_a_lost_database_as_a_connection_loss_and_mark_the_link_down() throws Exception {
        try (PostgresServer pg = PostgresServer.start();
             PostgresLink link = PostgresLink.open(settings(pg), List.of(), new SimpleMeterRegistry())) {
            try (Connection warm = link.commandConnection()) {
                warm.createStatement().execute("SELECT 1");
            }
            pg.stop();
            SQLException e = assertThrows(SQLException.class, () -> {
                try (Connection c = link.commandConnection()) {
                    c.createStatement().execute("SELECT 1");
                }
            });
            assertTrue(PostgresLink.isConnectionLoss(e), e.toString());
            link.failedIfLost(e);
            assertFalse(link.up());
        }
    }

    private static List<String> tables(PostgresServer pg) throws SQLException {
        try (Connection c = DriverManager.getConnection(pg.jdbcUrl());
             ResultSet rs = c.createStatement().executeQuery("SELECT table_name FROM information_schema.tables "
                     + "WHERE table_schema = 'public' AND table_name NOT LIKE 'flyway%' ORDER BY table_name")) {
            List<String> names = new java.util.ArrayList<>();
            while (rs.next()) {
                names.add(rs.getString(1));
            }
            // Creation order reads better than the alphabet here.
            names.sort(java.util.Comparator.comparingInt(n -> List.of("requests", "feedback", "spend").indexOf(n)));
            return names;
        }
    }
}
