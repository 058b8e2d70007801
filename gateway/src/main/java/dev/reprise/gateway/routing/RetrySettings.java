package dev.reprise.gateway.routing;

import java.time.Duration;

/**
 * How often and how long one request may try an alias's deployments before falling back: at most
 * {@code maxAttempts} calls, exponential backoff with jitter between {@code initialBackoff} and
 * {@code maxBackoff}, a 429's {@code Retry-After} waited out when it is at most {@code maxRetryAfter}
 * (a longer one moves on to another key or alias, or reaches the client), and the whole
 * request (fallbacks included) bounded by {@code deadline}.
 */
public record RetrySettings(int maxAttempts, Duration initialBackoff, Duration maxBackoff, Duration maxRetryAfter,
                            Duration deadline) {

    public static final int DEFAULT_MAX_ATTEMPTS = 3;
    public static final Duration DEFAULT_INITIAL_BACKOFF = Duration.ofMillis(200);
    public static final Duration DEFAULT_MAX_BACKOFF = Duration.ofSeconds(5);
    public static final Duration DEFAULT_MAX_RETRY_AFTER = Duration.ofSeconds(2);
    public static final Duration DEFAULT_DEADLINE = Duration.ofSeconds(120);

    public RetrySettings {
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("max-attempts must be >= 1, got " + maxAttempts);
        }
        if (initialBackoff.isNegative() || maxBackoff.compareTo(initialBackoff) < 0) {
            throw new IllegalArgumentException("max-backoff (" + maxBackoff + ") must be >= initial-backoff ("
                    + initialBackoff + ")");
        }
    }

    public static RetrySettings defaults() {
        return new RetrySettings(DEFAULT_MAX_ATTEMPTS, DEFAULT_INITIAL_BACKOFF, DEFAULT_MAX_BACKOFF,
                DEFAULT_MAX_RETRY_AFTER, DEFAULT_DEADLINE);
    }
}
