package dev.reprise.gateway.keys;

/** An admin change of the key store that cannot be made; the admin API maps each reason to one answer. */
public final class KeyRefused extends RuntimeException {

    /** Why. */
    public enum Reason {
        /** No key has this id. */
        UNKNOWN_ID,
        /** The key is revoked: it can be read, not changed. */
        REVOKED,
        /** Another live key of the same tenant has this name. */
        NAME_TAKEN,
        /** Another node changed the key after this node last read it: read it again, then decide. */
        CHANGED_ELSEWHERE
    }

    private final Reason reason;

    public KeyRefused(Reason reason, String message) {
        super(message, null, false, false);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
