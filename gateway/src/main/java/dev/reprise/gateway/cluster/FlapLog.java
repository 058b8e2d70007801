package dev.reprise.gateway.cluster;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * Which of a link's losses and recoveries are logged. The first loss is, and the recovery that follows it; then a link
 * that flaps (a node starved of CPU overruns the command timeout again and again: three nodes on two cores lost
 * Redis 35-45 times each in 30 s) logs at most one loss per {@link #QUIET} period, saying how many it left out, and
 * only the recoveries of the losses it logged. The state itself changes at every flap, as the gauges and
 * {@code /health} show. Thread-safe.
 */
final class FlapLog {

    static final Duration QUIET = Duration.ofMinutes(1);

    private final Clock clock;
    private Instant quietUntil;
    private boolean lossLogged;
    private int unlogged;

    FlapLog(Clock clock) {
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** A loss: what to add to its log line, or empty when this one is not logged. */
    synchronized Optional<String> lost() {
        Instant now = clock.instant();
        if (quietUntil != null && now.isBefore(quietUntil)) {
            unlogged++;
            return Optional.empty();
        }
        String note = unlogged == 0 ? ""
                : " (" + unlogged + (unlogged == 1 ? " more loss" : " more losses") + " since the last one logged)";
        quietUntil = now.plus(QUIET);
        unlogged = 0;
        lossLogged = true;
        return Optional.of(note);
    }

    /** A recovery: true when it ends a loss that was logged, so it is logged too. */
    synchronized boolean recovered() {
        boolean log = lossLogged;
        lossLogged = false;
        return log;
    }
}
