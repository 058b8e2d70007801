package dev.reprise.gateway.overload;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The level follows the lag up at once; the degraded level comes down only after {@code recover-after}, on an injected
 * ticker, and the shed share grows from none at {@code shed-lag} to all at twice it.
 */
class PressureTest {

    private final AtomicLong lag = new AtomicLong();
    private final AtomicLong now = new AtomicLong(1_000_000_000L);
    private final OverloadSettings settings = new OverloadSettings(true, 8, 8, Duration.ofMillis(20),
            Duration.ofMillis(500), Duration.ofSeconds(1), Duration.ofSeconds(1), Duration.ofMillis(10));
    private final Pressure pressure = new Pressure(settings, lag::get, now::get);

    @Test
    void should_be_normal_below_the_degrade_lag() {
        lag.set(ms(19));
        assertEquals(PressureLevel.NORMAL, pressure.level());
    }

    @Test
    void should_degrade_then_shed_a_share_that_grows_with_the_lag() {
        lag.set(ms(20));
        assertEquals(new Pressure.Reading(PressureLevel.DEGRADED, 0), pressure.read());
        lag.set(ms(500));
        assertEquals(new Pressure.Reading(PressureLevel.DEGRADED, 0), pressure.read(), "shed at the shed-lag itself");
        lag.set(ms(750));
        assertEquals(new Pressure.Reading(PressureLevel.SHEDDING, 0.5), pressure.read());
        lag.set(ms(1000));
        assertEquals(new Pressure.Reading(PressureLevel.SHEDDING, 1.0), pressure.read());
        lag.set(ms(5000));
        assertEquals(new Pressure.Reading(PressureLevel.SHEDDING, 1.0), pressure.read());
    }

    @Test
    void should_hold_the_degraded_level_for_recover_after_once_the_lag_falls() {
        lag.set(ms(600));
        assertEquals(PressureLevel.SHEDDING, pressure.level());

        lag.set(0);
        assertEquals(PressureLevel.DEGRADED, pressure.level(), "shedding outlived the lag that called for it");
        now.addAndGet(ms(999));
        assertEquals(PressureLevel.DEGRADED, pressure.level());
        now.addAndGet(ms(1));
        assertEquals(PressureLevel.NORMAL, pressure.level());

        lag.set(ms(30));
        assertEquals(PressureLevel.DEGRADED, pressure.level());
        lag.set(0);
        now.addAndGet(ms(500));
        assertEquals(PressureLevel.DEGRADED, pressure.level());
        now.addAndGet(ms(500));
        assertEquals(PressureLevel.NORMAL, pressure.level());
    }

    @Test
    void should_name_the_key_of_a_bad_setting() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new OverloadSettings(true, 8, 8,
                Duration.ofMillis(500), Duration.ofMillis(100), Duration.ZERO, Duration.ofSeconds(1),
                Duration.ofMillis(10)));
        assertTrue(e.getMessage().startsWith("overload.shed-lag must be longer than overload.degrade-lag"),
                e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new OverloadSettings(true, 0, 8, Duration.ofMillis(20),
                Duration.ofMillis(500), Duration.ZERO, Duration.ofSeconds(1), Duration.ofMillis(10)));
        assertTrue(e.getMessage().startsWith("overload.cpu-queue must be between 1 and"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new OverloadSettings(true, 8, 8, Duration.ofMillis(20),
                Duration.ofMillis(500), Duration.ZERO, Duration.ofMillis(1500), Duration.ofMillis(10)));
        assertTrue(e.getMessage().startsWith("overload.retry-after must be whole seconds"), e.getMessage());
    }

    private static long ms(long millis) {
        return Duration.ofMillis(millis).toNanos();
    }
}
