package dev.reprise.gateway.upstream;

import java.time.Instant;

/**
 * No deployment of an alias may be called right now: every breaker is open, or every key rests.
 * {@code wake} is when the first resting key may be used again (null when only breakers stand in the way).
 * Internal to the attempt loop; never reaches a client as such.
 */
final class Unavailable extends RuntimeException {

    private final String alias;
    private final Instant wake;

    Unavailable(String alias, Instant wake) {
        super("no deployment of '" + alias + "' is available" + (wake == null ? " (circuit open)" : " (keys resting)"),
                null, false, false);
        this.alias = alias;
        this.wake = wake;
    }

    String alias() {
        return alias;
    }

    Instant wake() {
        return wake;
    }

    String reason() {
        return wake == null ? "breaker-open" : "keys-resting";
    }
}
