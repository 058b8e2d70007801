package dev.reprise.gateway.ledger;

import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;

/**
 * Creates the ledger's tables in a new file and brings an older file up to date, from the versioned scripts in
 * {@code db/ledger} on the class path. A file a newer gateway migrated further is used as it is (Flyway ignores
 * versions it does not know), so going back a release keeps the ledger.
 */
final class LedgerSchema {

    static final String LOCATION = "classpath:db/ledger";

    private LedgerSchema() {
    }

    /** @throws LedgerException when the file cannot be migrated */
    static void migrate(String jdbcUrl) {
        try {
            Flyway.configure(LedgerSchema.class.getClassLoader())
                    .dataSource(jdbcUrl, null, null)
                    .locations(LOCATION)
                    .load()
                    .migrate();
        } catch (FlywayException e) {
            throw new LedgerException("cannot create or update the ledger's tables: " + e.getMessage(), e);
        }
    }
}
