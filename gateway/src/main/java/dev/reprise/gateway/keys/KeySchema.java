package dev.reprise.gateway.keys;

import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;

/**
 * Creates the key store's tables in a new file and brings an older file up to date, from the versioned scripts in
 * {@code db/keys} on the class path, as the ledger does with its own (a version it does not know is left alone).
 */
final class KeySchema {

    static final String LOCATION = "classpath:db/keys";

    private KeySchema() {
    }

    /** @throws KeyStoreException when the file cannot be migrated */
    static void migrate(String jdbcUrl) {
        try {
            Flyway.configure(KeySchema.class.getClassLoader())
                    .dataSource(jdbcUrl, null, null)
                    .locations(LOCATION)
                    .load()
                    .migrate();
        } catch (FlywayException e) {
            throw new KeyStoreException("cannot create or update the key store's tables: " + e.getMessage(), e);
        }
    }
}
