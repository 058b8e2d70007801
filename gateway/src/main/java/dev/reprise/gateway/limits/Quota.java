package dev.reprise.gateway.limits;

import java.time.Duration;

/**
 * Where one bucket stands, as the {@code x-ratelimit-*} headers tell it: its limit per minute, what is left now
 * (negative after a request used more than its estimate), and how long until it is full again.
 */
public record Quota(long limit, long remaining, Duration reset) {
}
