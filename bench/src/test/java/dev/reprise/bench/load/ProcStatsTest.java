package dev.reprise.bench.load;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ProcStatsTest {

    // A real /proc/PID/stat layout, with a command name that holds a space and a parenthesis.
    private static final String STAT = "4242 (we ird) cmd) S 1 4242 4242 0 -1 4194560 1200 0 0 0 "
            + "250 50 30 20 20 0 1 0 100 1000000 500 18446744073709551615";

    @Test
    void should_read_own_and_children_cpu_from_a_stat_line() {
        assertEquals(3.0, ProcStats.cpuSecondsOf(STAT, false), 1e-9); // (250 + 50) ticks
        assertEquals(0.5, ProcStats.cpuSecondsOf(STAT, true), 1e-9);  // (30 + 20) ticks
    }

    @Test
    void should_read_this_processes_cpu_and_memory() {
        long self = ProcessHandle.current().pid();

        assertTrue(ProcStats.cpuSeconds(self) > 0);
        assertTrue(ProcStats.rssMiB(self) > 1);
        assertTrue(ProcStats.peakRssMiB(self) >= ProcStats.rssMiB(self) - 1);
    }

    @Test
    void should_report_nan_for_a_process_that_does_not_exist() {
        assertTrue(Double.isNaN(ProcStats.cpuSeconds(Integer.MAX_VALUE + 1L)));
    }
}
