package dev.reprise.gateway.keys;

import java.util.List;

/**
 * Where virtual keys are kept between runs. The gateway reads them all once at start and writes each admin change
 * through; requests are authenticated from memory ({@link VirtualKeys}), so an implementation need not be fast,
 * only durable. SQLite under {@code data-dir} today ({@link SqliteKeyStore}); a shared database can replace it.
 */
public interface KeyStore extends AutoCloseable {

    /** Every key ever created, revoked ones included, oldest first. */
    List<VirtualKey> loadAll();

    /** @throws KeyStoreException when it cannot be written (the id or the secret's hash is already stored, or I/O) */
    void insert(VirtualKey key);

    /** Replaces the stored key with the same id. */
    void update(VirtualKey key);

    @Override
    void close();
}
