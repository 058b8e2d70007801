package dev.reprise.models.provider.internal;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

class RetryAfterTest {

    private static final Instant NOW = Instant.parse("2025-06-12T10:00:00Z");

    @Test
    void should_read_seconds_and_http_dates() {
        assertEquals(Duration.ofSeconds(7), RetryAfter.parse("7", NOW));
        assertEquals(Duration.ofMillis(1500), RetryAfter.parse("1.5", NOW));
        assertEquals(Duration.ofSeconds(90), RetryAfter.parse("Thu, 12 Jun 2025 10:01:30 GMT", NOW));
        assertEquals(Duration.ZERO, RetryAfter.parse("Thu, 12 Jun 2025 09:00:00 GMT", NOW), "a past date means now");
    }

    @Test
    void should_treat_unreadable_values_as_absent() {
        assertNull(RetryAfter.parse(null, NOW));
        assertNull(RetryAfter.parse("soon", NOW));
        assertNull(RetryAfter.parse("-3", NOW));
    }

    @Test
    void should_prefer_milliseconds_and_ignore_header_case() {
        assertEquals(Duration.ofMillis(250),
                RetryAfter.fromHeaders(Map.of("Retry-After", List.of("7"), "retry-after-ms", List.of("250")), NOW));
        assertEquals(Duration.ofSeconds(7), RetryAfter.fromHeaders(Map.of("RETRY-AFTER", List.of("7")), NOW));
        assertNull(RetryAfter.fromHeaders(Map.of(), NOW));
    }
}
