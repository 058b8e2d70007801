package dev.reprise.gateway.keys;

import java.util.List;

/**
 * Where virtual keys are kept between runs. The gateway reads them all once at start and writes each admin change
 * through; requests are authenticated from memory ({@link VirtualKeys}), so an implementation need not be fast,
 * only durable. SQLite under {@code data-dir} for one node ({@link SqliteKeyStore}); PostgreSQL for a cluster
 * ({@link PostgresKeyStore}), whose other nodes' changes each node reads with {@link #changes}.
 */
public interface KeyStore extends AutoCloseable {

    /** Every key ever created, revoked ones included, oldest first. */
    List<VirtualKey> loadAll();

    /** @throws KeyStoreException when it cannot be written (the id or the secret's hash is already stored, or I/O) */
    void insert(VirtualKey key);

    /** Replaces the stored key with the same id. */
    void update(VirtualKey key);

    /**
     * The keys written (by any node) since the last {@link #loadAll} or {@code changes}, in the order they were
     * written; nothing for a store only this gateway writes.
     *
     * @throws KeyStoreUnavailable when the shared store cannot be reached
     */
    default List<VirtualKey> changes() {
        return List.of();
    }

    /** Whether other gateways write this store too, so the keys in memory are refreshed from it. */
    default boolean shared() {
        return false;
    }

    @Override
    void close();
}
