package dev.reprise.gateway.keys;

import dev.reprise.gateway.cluster.PostgresServer;
import dev.reprise.gateway.cluster.PostgresSchema;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.postgresql.ds.PGSimpleDataSource;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Map;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The key table migrated by Flyway on SQLite ({@code db/keys}) and on PostgreSQL (its twin) has the same columns. */
class KeyTableTwinTest {

    @TempDir
    Path dir;

    @Test
    void should_give_the_same_columns_and_nullability_on_sqlite_and_postgresql() throws Exception {
        SqliteKeyStore.open(dir.resolve("keys.db")).close();
        Map<String, Boolean> sqlite;
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("keys.db"))) {
            sqlite = columns(c, null);
        }
        Map<String, Boolean> postgres;
        try (PostgresServer pg = PostgresServer.start()) {
            PGSimpleDataSource ds = new PGSimpleDataSource();
            ds.setURL(pg.jdbcUrl());
            PostgresSchema.migrate(ds, "keys");
            try (Connection c = ds.getConnection()) {
                postgres = columns(c, "public");
            }
        }
        assertEquals(17, sqlite.size(), sqlite.toString());
        assertEquals(sqlite, postgres);
    }

    /**
     * Each column of {@code keys} and whether it may be null. A primary key counts as not null: SQLite, for its
     * history, lets a {@code TEXT PRIMARY KEY} hold NULL where PostgreSQL does not (the store never writes one).
     */
    private static Map<String, Boolean> columns(Connection c, String schema) throws SQLException {
        Map<String, Boolean> out = new TreeMap<>();
        try (ResultSet rs = c.getMetaData().getColumns(null, schema, "keys", null)) {
            while (rs.next()) {
                out.put(rs.getString("COLUMN_NAME"), "YES".equals(rs.getString("IS_NULLABLE")));
            }
        }
        try (ResultSet rs = c.getMetaData().getPrimaryKeys(null, schema, "keys")) {
            while (rs.next()) {
                out.put(rs.getString("COLUMN_NAME"), false);
            }
        }
        return out;
    }
}
