package dev.reprise.gateway.cluster;

import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The test PostgreSQL server: a fresh database that keeps its data across an outage. */
class PostgresServerTest {

    @Test
    void should_keep_committed_rows_across_a_crash_and_refuse_connections_while_down() throws Exception {
        try (PostgresServer pg = PostgresServer.start()) {
            try (Connection c = DriverManager.getConnection(pg.jdbcUrl()); Statement s = c.createStatement()) {
                s.execute("CREATE TABLE t (v integer)");
                s.execute("INSERT INTO t VALUES (42)");
            }
            pg.stop();
            assertThrows(SQLException.class,
                    () -> DriverManager.getConnection(pg.jdbcUrl() + "&connectTimeout=2").close());
            pg.restart();
            try (Connection c = DriverManager.getConnection(pg.jdbcUrl()); Statement s = c.createStatement();
                 ResultSet r = s.executeQuery("SELECT v FROM t")) {
                assertTrue(r.next());
                assertEquals(42, r.getInt(1));
            }
        }
    }
}
