package dev.reprise.gateway.keys;

/** The key store could not be opened, migrated, read or written. */
public final class KeyStoreException extends RuntimeException {

    public KeyStoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
