package dev.reprise.gateway.ledger;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.reprise.cache.PrivateFolder;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Rows that wait on local disk while the cluster's PostgreSQL is away: one file per batch, named by a sequence
 * number so they are written back in the order they came, each row one JSON line with its key. A batch that would
 * take the folder past its byte limit is not kept (the caller counts it dropped). What is left on disk when the
 * gateway stops is written at the next start. Writer thread only.
 */
final class LedgerBuffer {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern SEGMENT = Pattern.compile("(\\d{12})-(\\d+)\\.jsonl");
    private static final TypeReference<List<Object>> ROW = new TypeReference<>() {
    };

    /** One waiting batch: its file, its size and its number of rows. */
    private record Segment(Path file, long bytes, int rows) {
    }

    private final Path folder;
    private final long limit;
    private final TreeMap<Long, Segment> segments = new TreeMap<>();
    /** Read by the gauges on other threads. */
    private volatile long bytes;
    private volatile long rows;
    private long next;

    private LedgerBuffer(Path folder, long limit) {
        this.folder = folder;
        this.limit = limit;
    }

    /**
     * Opens the folder (owner-only: rows name tenants, and may hold their text), finding the batches a previous run
     * left.
     */
    static LedgerBuffer open(Path folder, long limit) throws IOException {
        PrivateFolder.prepare(folder);
        LedgerBuffer buffer = new LedgerBuffer(folder, limit);
        try (Stream<Path> files = Files.list(folder)) {
            for (Path f : files.toList()) {
                Matcher m = SEGMENT.matcher(f.getFileName().toString());
                if (m.matches()) {
                    long seq = Long.parseLong(m.group(1));
                    buffer.add(seq, new Segment(f, Files.size(f), Integer.parseInt(m.group(2))));
                    buffer.next = Math.max(buffer.next, seq + 1);
                } else if (f.getFileName().toString().endsWith(".tmp")) {
                    Files.deleteIfExists(f); // a batch whose writing a crash cut short was never kept
                }
            }
        }
        return buffer;
    }

    Path folder() {
        return folder;
    }

    boolean isEmpty() {
        return segments.isEmpty();
    }

    long bytes() {
        return bytes;
    }

    long rows() {
        return rows;
    }

    /**
     * Keeps the batch after those already waiting, whole, written to a temporary file first so a crash never
     * leaves half a batch; returns false, keeping nothing, when it would pass the limit.
     */
    boolean append(List<KeyedRow> batch) throws IOException {
        StringBuilder text = new StringBuilder();
        for (KeyedRow r : batch) {
            text.append(JSON.writeValueAsString(r.values())).append('\n');
        }
        byte[] data = text.toString().getBytes(StandardCharsets.UTF_8);
        if (bytes + data.length > limit) {
            return false;
        }
        long seq = next++;
        Path file = folder.resolve("%012d-%d.jsonl".formatted(seq, batch.size()));
        Path tmp = folder.resolve(file.getFileName() + ".tmp");
        try (BufferedWriter w = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
            w.write(text.toString());
        }
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE);
        add(seq, new Segment(file, data.length, batch.size()));
        return true;
    }

    /** The oldest waiting batch, or null when none waits. */
    List<KeyedRow> oldest() throws IOException {
        if (segments.isEmpty()) {
            return null;
        }
        List<KeyedRow> out = new ArrayList<>();
        for (String line : Files.readAllLines(segments.firstEntry().getValue().file(), StandardCharsets.UTF_8)) {
            if (!line.isBlank()) {
                out.add(new KeyedRow(JSON.readValue(line, ROW)));
            }
        }
        return out;
    }

    /** How many rows the oldest waiting batch holds (0 when none waits). */
    int oldestRows() {
        return segments.isEmpty() ? 0 : segments.firstEntry().getValue().rows();
    }

    /** Forgets the oldest batch, once it is written to PostgreSQL. */
    void removeOldest() throws IOException {
        var first = segments.pollFirstEntry();
        if (first != null) {
            bytes -= first.getValue().bytes();
            rows -= first.getValue().rows();
            Files.deleteIfExists(first.getValue().file());
        }
    }

    private void add(long seq, Segment s) {
        segments.put(seq, s);
        bytes += s.bytes();
        rows += s.rows();
    }
}
