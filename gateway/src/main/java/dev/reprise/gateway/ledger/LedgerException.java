package dev.reprise.gateway.ledger;

/** The ledger's file could not be opened, migrated or read. */
public final class LedgerException extends RuntimeException {

    public LedgerException(String message, Throwable cause) {
        super(message, cause);
    }
}
