package dev.reprise.bench.load;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ReportWriterTest {

    private static final double NAN = Double.NaN;

    private static LoadReport report() {
        List<CellResult> cells = List.of(
                new CellResult("direct", 1, 1, 1000, 0.10, 0.50, 10000, 0, NAN, 0.00002, 0.00001),
                new CellResult("reprise-pass", 1, 1, 500, 0.30, 1.00, 5000, 0, 0.0004, 0.00002, 0.00001),
                new CellResult("portkey-pass", 1, 1, 200, 1.30, 3.00, 2000, 0, 0.0010, 0.00002, 0.00001),
                new CellResult("direct", 1, 2, 1200, 0.10, 0.60, 12000, 0, NAN, 0.00002, 0.00001),
                new CellResult("reprise-pass", 1, 2, 700, 0.32, 1.10, 7000, 0, 0.0004, 0.00002, 0.00001),
                new CellResult("portkey-pass", 1, 2, 220, 1.10, 2.80, 2200, 1, 0.0010, 0.00002, 0.00001),
                new CellResult("reprise-pass", 64, 1, 3000, 20, 40, 30000, 0, 0.0003, 0.00002, 0.00001),
                new CellResult("portkey-pass", 64, 1, 900, 70, 90, 9000, 0, 0.0011, 0.00002, 0.00001));
        return new LoadReport("2026-01-01T10:00", 2, 2, 8, cells,
                List.of(new LoadReport.ProcessFacts("reprise", 900, 200, 300, 310)),
                Map.of("reprise-pass", "bypass"), List.of("a note"));
    }

    @Test
    void should_summarise_rounds_as_medians_with_latency_added_versus_direct() {
        List<LoadReport.Row> rows = report().rows();

        LoadReport.Row reprise = rows.stream().filter(r -> r.scenario().equals("reprise-pass") && r.concurrency() == 1)
                .findFirst().orElseThrow();
        assertEquals(600, reprise.rps(), 1e-9);
        assertEquals(500, reprise.rpsMin(), 1e-9);
        assertEquals(700, reprise.rpsMax(), 1e-9);
        assertEquals(0.21, reprise.addedP50Ms(), 1e-9);
        assertEquals(0.4, reprise.gatewayCpuMsPerRequest(), 1e-9);
        assertNull(rows.getFirst().addedP50Ms(), "direct is its own baseline");
        assertEquals(1, rows.stream().filter(r -> r.scenario().equals("portkey-pass") && r.concurrency() == 1)
                .findFirst().orElseThrow().errors());
    }

    @Test
    void should_judge_the_targets_from_the_medians() {
        List<LoadReport.Target> targets = report().targets();

        assertEquals(Boolean.TRUE, targets.get(0).met(), targets.get(0).measured()); // 0.21 <= 1.10 / 5
        assertEquals(Boolean.TRUE, targets.get(1).met(), targets.get(1).measured()); // 3000 >= 3 x 900
    }

    @Test
    void should_write_one_markdown_table_and_parseable_json(@TempDir Path dir) throws Exception {
        Path md = ReportWriter.write(report(), dir, "load-test");

        String markdown = Files.readString(md);
        assertTrue(markdown.contains("This machine has 2 cores, shared by"));
        assertTrue(markdown.contains("2026-01-01T10:00"));
        assertTrue(markdown.contains("| reprise-pass | 1 | 600 [500-700] | 0.310 | 1.050 | +0.210 | 0.400 |"),
                markdown);
        long tableRows = markdown.lines().filter(l -> l.startsWith("| ") && l.contains("-pass |")).count();
        assertEquals(4, tableRows); // reprise and portkey at c=1 and c=64

        JsonNode json = new ObjectMapper().readTree(dir.resolve("load-test.json").toFile());
        assertEquals(2, json.path("cores").asInt());
        assertEquals("2026-01-01T10:00", json.path("date").asText());
        assertEquals(5, json.path("rows").size());
        assertEquals(8, json.path("cells").size());
        assertEquals("NaN", json.at("/cells/0/gatewayCpuPerRequest").asText());
        assertFalse(json.path("targets").isEmpty());
    }
}
