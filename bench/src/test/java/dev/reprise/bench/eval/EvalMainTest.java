package dev.reprise.bench.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The whole command on tiny user files with the real MiniLM model. */
class EvalMainTest {

    @Test
    void should_sweep_recommend_write_results_and_apply_the_threshold(@TempDir Path dir) throws Exception {
        Path stream = dir.resolve("logs.stream.jsonl");
        Files.writeString(stream, """
                {"q":"How do I reset my password?","intent":"password"}
                {"q":"What are your opening hours?","intent":"hours"}
                {"q":"I forgot my password, how can I reset it?","intent":"password"}
                {"q":"How do I close my account?","intent":"close"}
                {"q":"how do i reset my password","intent":"password"}
                {"q":"How can I delete my account?","intent":"close"}
                """);
        Path pairs = dir.resolve("mine.pairs.jsonl");
        Files.writeString(pairs, """
                {"a":"reset my password","b":"how do i reset my password","same":true}
                {"a":"enable two-factor","b":"disable two-factor","same":false}
                """);
        Path config = dir.resolve("reprise.yaml");
        Files.writeString(config, "# mine\ncache:\n  similarity-threshold: 0.95 # old\n");
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();

        int status = EvalMain.run(EvalOptions.parse("--stream", stream.toString(), "--pairs", pairs.toString(),
                "--thresholds", "0.5:1.0:0.05", "--max-false-hits", "0", "--apply", "--config", config.toString(),
                "--results", dir.resolve("results").toString()), new PrintStream(buffer, true, StandardCharsets.UTF_8),
                Progress.NONE);

        String out = buffer.toString(StandardCharsets.UTF_8);
        assertEquals(0, status, out);
        assertTrue(out.contains("recommended threshold"), out);
        assertTrue(out.contains("real Lucene replay"), out);
        String yaml = Files.readString(config);
        assertTrue(yaml.startsWith("# mine\ncache:\n  similarity-threshold: 0.") && yaml.endsWith(" # old\n"), yaml);
        assertTrue(!yaml.contains("0.95"), "the threshold was rewritten: " + yaml);
        try (var files = Files.list(dir.resolve("results"))) {
            assertEquals(2, files.filter(p -> p.getFileName().toString().matches("eval-.*\\.(md|json)")).count());
        }
    }

    @Test
    void should_refuse_to_apply_when_no_threshold_holds_the_limit(@TempDir Path dir) throws Exception {
        Path stream = dir.resolve("s.jsonl");
        // The same words under two intents: any hit is wrong, so no limit of 0 can be met below 1.0 except by
        // hitting nothing, and the exact repeat hits at every threshold.
        Files.writeString(stream, """
                {"q":"where is my card","intent":"a"}
                {"q":"where is my card","intent":"b"}
                """);
        Path config = dir.resolve("reprise.yaml");

        int status = EvalMain.run(EvalOptions.parse("--stream", stream.toString(), "--thresholds", "0.9,1.0",
                        "--max-false-hits", "0", "--apply", "--config", config.toString(), "--no-results"),
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8), Progress.NONE);

        assertEquals(3, status);
        assertTrue(Files.notExists(config));
    }
}
