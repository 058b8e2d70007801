package dev.reprise.bench.crash;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The short crash test CI runs: two cycles of start, store under load, {@code kill -9} and restart against a real
 * child gateway lose no committed entry, every restart listens, and the index stays sound.
 */
class CrashCyclesTest {

    @TempDir
    Path work;

    @Test
    void should_lose_no_committed_entry_over_two_kill_dash_nine_cycles() throws Exception {
        CrashOptions options = new CrashOptions(2, 4, Duration.ofMillis(1500), Duration.ofMillis(2500),
                Duration.ofMillis(200), Duration.ofMillis(5), 7, work);
        ByteArrayOutputStream printed = new ByteArrayOutputStream();

        CrashFigures figures = new CrashCycles(options, new PrintStream(printed, true, StandardCharsets.UTF_8)).run();

        String report = figures.table() + String.join("\n", figures.problems()) + "\n"
                + printed.toString(StandardCharsets.UTF_8);
        assertEquals(0, figures.failedRestarts(), report);
        assertEquals(0, figures.indexErrors(), report);
        assertEquals(0, figures.lost(), report);
        // Something was at stake: entries committed in each cycle, asked again after each restart.
        assertTrue(figures.committed() > 0 && figures.checked() >= figures.committed(), report);
    }

    @Test
    void should_name_the_option_and_value_that_are_wrong() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> CrashOptions.parse(List.of("--cycles", "0"), work));
        assertTrue(e.getMessage().contains("--cycles must be at least 1, got 0"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> CrashOptions.parse(List.of("--load", "5,2"), work));
        assertTrue(e.getMessage().contains("--load"), e.getMessage());
        assertEquals(3, CrashOptions.parse(List.of("--cycles", "3", "--commit-interval", "200ms"), work).cycles());
    }
}
