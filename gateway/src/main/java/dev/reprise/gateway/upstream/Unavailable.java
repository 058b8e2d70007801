package dev.reprise.gateway.upstream;

import java.time.Instant;
import java.util.List;

/**
 * No deployment of an alias may be called right now: every breaker is open, or every key rests.
 * {@code wake} is when the first resting key may be used again (null when only breakers stand in the way);
 * {@code circuits} are the deployments whose breakers refused the call. Internal to the attempt loop; never
 * reaches a client as such.
 */
final class Unavailable extends RuntimeException {

    /** A deployment whose breaker is open, and when it lets a probe through (null: a probe is in flight). */
    record OpenCircuit(String deployment, Instant reopensAt) {
    }

    private final String alias;
    private final Instant wake;
    private final List<OpenCircuit> circuits;

    Unavailable(String alias, Instant wake, List<OpenCircuit> circuits) {
        super("no deployment of '" + alias + "' is available" + (wake == null ? " (circuit open)" : " (keys resting)"),
                null, false, false);
        this.alias = alias;
        this.wake = wake;
        this.circuits = List.copyOf(circuits);
    }

    String alias() {
        return alias;
    }

    Instant wake() {
        return wake;
    }

    List<OpenCircuit> circuits() {
        return circuits;
    }

    String reason() {
        return wake == null ? "breaker-open" : "keys-resting";
    }
}
