package dev.reprise.gateway.cluster;

import dev.reprise.testing.TestClock;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A flapping link's log: the first loss and its recovery, then one loss a minute with the count left out. */
class FlapLogTest {

    private final TestClock clock = new TestClock(Instant.parse("2026-01-01T00:00:00Z"));
    private final FlapLog flaps = new FlapLog(clock);

    @Test
    void should_log_the_first_loss_and_its_recovery_then_one_loss_per_quiet_period() {
        assertEquals(Optional.of(""), flaps.lost());
        assertTrue(flaps.recovered());
        assertFalse(flaps.recovered(), "a recovery is logged once");

        clock.advance(Duration.ofSeconds(10));
        assertEquals(Optional.empty(), flaps.lost());
        assertFalse(flaps.recovered(), "the recovery of a loss left out is left out too");
        clock.advance(Duration.ofSeconds(10));
        assertEquals(Optional.empty(), flaps.lost());
        assertFalse(flaps.recovered());

        clock.advance(FlapLog.QUIET);
        assertEquals(Optional.of(" (2 more losses since the last one logged)"), flaps.lost());
        assertTrue(flaps.recovered());
        clock.advance(FlapLog.QUIET);
        assertEquals(Optional.of(""), flaps.lost(), "the count starts again");
    }

    @Test
    void should_say_one_loss_in_the_singular() {
        flaps.lost();
        flaps.lost();
        clock.advance(FlapLog.QUIET);
        assertEquals(Optional.of(" (1 more loss since the last one logged)"), flaps.lost());
    }
}
