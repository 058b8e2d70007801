package dev.reprise.testing;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

class TestClockTest {

    private static final Instant START = Instant.parse("2026-01-01T00:00:00Z");

    @Test
    void should_stand_still_until_advanced_by_hand() {
        TestClock clock = new TestClock(START);
        assertEquals(START, clock.instant());
        assertEquals(START.toEpochMilli(), clock.millis());

        clock.advance(Duration.ofMinutes(5));
        assertEquals(START.plusSeconds(300), clock.instant());
    }

    @Test
    void should_stay_in_utc_and_stay_the_same_clock_in_another_zone() {
        TestClock clock = new TestClock(START);
        assertEquals(ZoneOffset.UTC, clock.getZone());
        assertSame(clock, clock.withZone(ZoneId.of("Europe/Paris")));
    }
}
