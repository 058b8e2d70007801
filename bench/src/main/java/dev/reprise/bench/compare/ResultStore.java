package dev.reprise.bench.compare;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The results of a run, one JSONL file per arm under {@code DIR/results}, appended one line per answered request
 * as it comes, so an interrupted run loses at most the requests in flight. A later line for the same request
 * replaces an earlier one ({@code --retry-errors}); a torn last line is skipped.
 */
public final class ResultStore {

    static final ObjectMapper JSON = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    private final Path dir;
    private final Map<String, Map<String, CallResult>> byArm = new ConcurrentHashMap<>();

    private ResultStore(Path dir) {
        this.dir = dir;
    }

    /** Opens (creating it when missing) the results folder under {@code out} and reads what it holds. */
    public static ResultStore open(Path out, PrintStream warnings) {
        ResultStore store = new ResultStore(out.resolve("results"));
        try {
            Files.createDirectories(store.dir);
            try (var files = Files.list(store.dir)) {
                for (Path file : files.filter(f -> f.toString().endsWith(".jsonl")).sorted().toList()) {
                    store.load(file, warnings);
                    endLine(file);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read results in " + store.dir, e);
        }
        return store;
    }

    public Optional<CallResult> get(String arm, String key) {
        return Optional.ofNullable(byArm.getOrDefault(arm, Map.of()).get(key));
    }

    /** Writes the result through to its arm's file, then keeps it. */
    public synchronized void append(Arm arm, CallResult result) {
        try {
            Files.writeString(dir.resolve(arm.fileName()), JSON.writeValueAsString(result) + "\n",
                    StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write results to " + dir, e);
        }
        byArm.computeIfAbsent(result.arm(), a -> new ConcurrentHashMap<>()).put(result.key(), result);
    }

    /**
     * Ends a torn last line, so that the next result appended starts a line of its own instead of joining it (and
     * being lost with it on the next read).
     */
    static void endLine(Path file) throws IOException {
        long size = Files.size(file);
        if (size == 0) {
            return;
        }
        try (var channel = java.nio.channels.FileChannel.open(file, StandardOpenOption.READ)) {
            java.nio.ByteBuffer last = java.nio.ByteBuffer.allocate(1);
            channel.read(last, size - 1);
            if (last.get(0) == '\n') {
                return;
            }
        }
        Files.writeString(file, "\n", StandardCharsets.UTF_8, StandardOpenOption.APPEND);
    }

    private void load(Path file, PrintStream warnings) throws IOException {
        try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String line;
            int number = 0;
            while ((line = reader.readLine()) != null) {
                number++;
                if (line.isBlank()) {
                    continue;
                }
                CallResult result;
                try {
                    result = JSON.readValue(line, CallResult.class);
                } catch (IOException e) {
                    // A run killed mid-write leaves a torn line: that request simply runs again.
                    warnings.println("reprise compare: skipping unreadable line " + number + " of " + file);
                    continue;
                }
                if (result.arm() != null && result.key() != null) {
                    byArm.computeIfAbsent(result.arm(), a -> new ConcurrentHashMap<>()).put(result.key(), result);
                }
            }
        }
    }

    /** How many results are kept per arm, for tests and the progress line. */
    Map<String, Integer> counts() {
        Map<String, Integer> out = new HashMap<>();
        byArm.forEach((arm, results) -> out.put(arm, results.size()));
        return out;
    }
}
