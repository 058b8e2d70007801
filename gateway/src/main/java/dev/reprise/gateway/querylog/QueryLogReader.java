package dev.reprise.gateway.querylog;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * Reads the query log in the order it was written, one line at a time, while the writer goes on appending.
 * A line that is not a whole record (the last line of a file the process died writing, or one the writer
 * has not finished flushing) is skipped. A file deleted by rotation mid-read is skipped too.
 */
public final class QueryLogReader {

    private final LogSegments segments;

    QueryLogReader(LogSegments segments) {
        this.segments = segments;
    }

    /** A reader of the log in {@code folder}, e.g. to inspect a log after a crash. */
    public static QueryLogReader of(Path folder) throws IOException {
        return new QueryLogReader(LogSegments.open(folder));
    }

    /** How a read went: records handed over and lines skipped as unreadable. */
    public record Counts(long records, long skipped) {
    }

    /** Every record, oldest first. */
    public Counts forEach(Consumer<LogRecord> visitor) throws IOException {
        return forEach(line -> true, visitor);
    }

    /** Queries only, oldest first; feedback lines are passed over without parsing them. */
    public Counts forEachQuery(Consumer<QueryRecord> visitor) throws IOException {
        return forEach(line -> line.startsWith(LogCodec.QUERY_PREFIX), r -> visitor.accept((QueryRecord) r));
    }

    /** Feedback only, oldest first. */
    public Counts forEachFeedback(Consumer<FeedbackRecord> visitor) throws IOException {
        return forEach(line -> line.startsWith(LogCodec.FEEDBACK_PREFIX), r -> visitor.accept((FeedbackRecord) r));
    }

    private Counts forEach(Predicate<String> wanted, Consumer<LogRecord> visitor) throws IOException {
        long records = 0;
        long skipped = 0;
        for (Path segment : segments.list()) {
            // An InputStreamReader replaces malformed bytes instead of failing: a line torn inside a character
            // must cost that line, not the read.
            try (BufferedReader in = new BufferedReader(new InputStreamReader(Files.newInputStream(segment),
                    StandardCharsets.UTF_8), 1 << 16)) {
                String line;
                while ((line = in.readLine()) != null) {
                    if (line.isEmpty() || !wanted.test(line)) {
                        continue;
                    }
                    var record = LogCodec.decode(line);
                    if (record.isEmpty()) {
                        skipped++;
                        continue;
                    }
                    records++;
                    visitor.accept(record.get());
                }
            } catch (NoSuchFileException e) {
                // Rotated away since the listing: its records are gone by design.
            }
        }
        return new Counts(records, skipped);
    }
}
