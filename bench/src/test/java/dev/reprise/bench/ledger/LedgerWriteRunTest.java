package dev.reprise.bench.ledger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LedgerWriteRunTest {

    @TempDir
    Path dir;

    @Test
    void should_write_every_row_and_report_a_rate_per_step() {
        List<Long> rates = LedgerWriteRun.run(dir, LedgerWriteRun.STEP + 2_500);

        assertEquals(2, rates.size(), rates.toString());
        assertTrue(rates.stream().allMatch(r -> r > 0), rates.toString());
    }
}
