package dev.reprise.gateway.upstream;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Decides which of many like log lines are written: the first of each kind, then none of that kind until
 * {@code window} has passed on the injected clock; the ones held back are counted and reported with the next
 * one written. Kinds come from config and code (alias, deployment, cause, next step), so the map stays small.
 */
final class RepeatLimiter {

    /** Written by {@link #admit}: -1 to hold the line back. */
    static final long HOLD = -1;

    private record Window(Instant start, long held) {
    }

    private final Clock clock;
    private final Duration window;
    private final ConcurrentHashMap<String, Window> windows = new ConcurrentHashMap<>();

    RepeatLimiter(Clock clock, Duration window) {
        this.clock = clock;
        this.window = window;
    }

    Duration window() {
        return window;
    }

    /**
     * Whether a line of {@code kind} is written now.
     *
     * @return {@link #HOLD}, or how many lines of this kind were held back since the last one written
     */
    long admit(String kind) {
        Instant now = clock.instant();
        long[] held = {HOLD};
        windows.compute(kind, (k, w) -> {
            if (w == null || !now.isBefore(w.start().plus(window))) {
                held[0] = w == null ? 0 : w.held();
                return new Window(now, 0);
            }
            return new Window(w.start(), w.held() + 1);
        });
        return held[0];
    }
}
