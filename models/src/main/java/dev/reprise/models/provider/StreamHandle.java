package dev.reprise.models.provider;

/** A running upstream stream; {@link #cancel()} stops it when the client has gone away. */
@FunctionalInterface
public interface StreamHandle {

    /** Stops the upstream call; idempotent. The listener may still see an error or nothing at all. */
    void cancel();
}
