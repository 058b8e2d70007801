package dev.reprise.gateway.routing;

import java.time.Duration;

/**
 * A deployment's circuit breaker: it opens after {@code failures} failed calls within {@code window},
 * refuses calls for {@code coolDown}, then lets a single probe through (half-open) that closes it again
 * on success or reopens it on failure.
 */
public record BreakerSettings(int failures, Duration window, Duration coolDown) {

    public static final int DEFAULT_FAILURES = 5;
    public static final Duration DEFAULT_WINDOW = Duration.ofSeconds(30);
    public static final Duration DEFAULT_COOL_DOWN = Duration.ofSeconds(30);

    public BreakerSettings {
        if (failures < 1) {
            throw new IllegalArgumentException("failures must be >= 1, got " + failures);
        }
        if (window.toSeconds() < 1) {
            throw new IllegalArgumentException("window must be at least 1s, got " + window);
        }
        if (coolDown.isNegative() || coolDown.isZero()) {
            throw new IllegalArgumentException("cool-down must be > 0, got " + coolDown);
        }
    }

    public static BreakerSettings defaults() {
        return new BreakerSettings(DEFAULT_FAILURES, DEFAULT_WINDOW, DEFAULT_COOL_DOWN);
    }
}
