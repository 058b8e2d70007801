package dev.reprise.bench.eval;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Reads and writes JSON Lines files of evaluation records; blank lines are skipped, a bad line names its number. */
public final class Jsonl {

    static final ObjectMapper MAPPER = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    private Jsonl() {
    }

    public static <T> List<T> read(Path file, Class<T> type) {
        List<T> out = new ArrayList<>();
        try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String line;
            int number = 0;
            while ((line = reader.readLine()) != null) {
                number++;
                if (line.isBlank()) {
                    continue;
                }
                try {
                    out.add(MAPPER.readValue(line, type));
                } catch (IOException | RuntimeException e) {
                    // A usage error: ./reprise eval prints the one line, naming file and line, without a stack trace.
                    throw new EvalOptions.UsageException(file + ":" + number + ": not a " + type.getSimpleName()
                            + " line: " + reason(e));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
        return out;
    }

    /** What is wrong with a line: the record's own complaint, else the parser's message without its source excerpt. */
    private static String reason(Exception e) {
        if (e.getCause() instanceof IllegalArgumentException complaint) {
            return complaint.getMessage();
        }
        return e instanceof JsonProcessingException json ? json.getOriginalMessage() : e.getMessage();
    }

    public static void write(Path file, List<?> records) {
        try {
            if (file.getParent() != null) {
                Files.createDirectories(file.getParent());
            }
            try (BufferedWriter writer = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
                for (Object record : records) {
                    writer.write(MAPPER.writeValueAsString(record));
                    writer.write('\n');
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }
}
