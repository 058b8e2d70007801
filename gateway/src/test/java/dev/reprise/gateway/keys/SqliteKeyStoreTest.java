package dev.reprise.gateway.keys;

import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

/** The contract over a real SQLite file in a temporary folder. */
class SqliteKeyStoreTest extends KeyStoreContractTest {

    @TempDir
    Path dir;

    @Override
    KeyStore openFresh() {
        return SqliteKeyStore.open(dir.resolve("keys.db"));
    }

    @Override
    KeyStore reopen() {
        return SqliteKeyStore.open(dir.resolve("keys.db"));
    }
}
