package dev.reprise.gateway.cluster;

import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;

import javax.sql.DataSource;
import java.util.regex.Pattern;

/**
 * Brings one store's tables in the cluster's PostgreSQL up to date with Flyway, from {@code db/postgresql/<store>}
 * on the class path. Each store (the ledger, the key table, the budgets' spend) keeps its own history table, so its
 * versions can carry the same numbers as its SQLite scripts in {@code db/<store>}: a change to a table is one
 * script of one number in each folder.
 */
public final class PostgresSchema {

    private static final Pattern STORE = Pattern.compile("[a-z][a-z0-9_]*");

    private PostgresSchema() {
    }

    /** Where a store's PostgreSQL scripts are: {@code classpath:db/postgresql/<store>}. */
    public static String location(String store) {
        return "classpath:db/postgresql/" + store;
    }

    /** The store's Flyway history table: {@code flyway_<store>_history}. */
    public static String historyTable(String store) {
        return "flyway_" + store + "_history";
    }

    /**
     * Migrates {@code store}'s tables. Several nodes starting at once is safe: Flyway takes a PostgreSQL advisory
     * lock around the migration, so one node runs each script and the others then find it applied.
     *
     * @throws FlywayException when the database cannot be reached or a script fails
     */
    public static void migrate(DataSource dataSource, String store) {
        if (!STORE.matcher(store).matches()) {
            throw new IllegalArgumentException("a store's name is lower-case letters, digits and _, got " + store);
        }
        Flyway.configure(PostgresSchema.class.getClassLoader())
                .dataSource(dataSource)
                .locations(location(store))
                .table(historyTable(store))
                // The schema may already hold another store's tables (one database, one schema): start this
                // store's history below its first version rather than refuse a non-empty schema.
                .baselineOnMigrate(true)
                .baselineVersion("0")
                .load()
                .migrate();
    }
}
