package dev.reprise.gateway.keys;

/**
 * The shared key store (PostgreSQL) cannot be reached now: an admin change is refused rather than made on this node
 * alone, and requests go on being authenticated from the keys in memory.
 */
public final class KeyStoreUnavailable extends RuntimeException {

    public KeyStoreUnavailable(String message, Throwable cause) {
        super(message, cause);
    }
}
