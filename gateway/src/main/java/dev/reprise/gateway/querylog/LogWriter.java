package dev.reprise.gateway.querylog;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Appends lines to the newest segment and keeps the folder under its size: a segment is closed once it
 * holds about an eighth of the limit, and the oldest closed segments are deleted while the total is over it.
 * Every start writes to a fresh segment, so a line torn by a crash stays the last line of its file and
 * never runs into a later record. Used by one thread only.
 */
final class LogWriter implements AutoCloseable {

    /** How many segments the limit is split into: deleting one drops an eighth of the history at most. */
    static final int SEGMENTS_PER_LIMIT = 8;

    private final LogSegments segments;
    private final long maxSize;
    private final long segmentSize;
    private final Deque<Segment> closed = new ArrayDeque<>();
    private long closedBytes;
    private Path current;
    private OutputStream out;
    private long currentBytes;

    LogWriter(LogSegments segments, long maxSize) throws IOException {
        this.segments = segments;
        this.maxSize = maxSize;
        this.segmentSize = Math.max(1, maxSize / SEGMENTS_PER_LIMIT);
        for (Path p : segments.list()) {
            retire(p, LogSegments.sizeOf(p));
        }
        prune();
    }

    /** Appends one encoded line; opens a new segment first when the current one is full or was lost. */
    void write(byte[] line) throws IOException {
        if (out != null && currentBytes > 0 && currentBytes + line.length > segmentSize) {
            closeCurrent();
        }
        if (out == null) {
            current = segments.createNext();
            out = new BufferedOutputStream(Files.newOutputStream(current, StandardOpenOption.APPEND), 1 << 16);
            currentBytes = 0;
        }
        out.write(line);
        currentBytes += line.length;
        prune();
    }

    /** Hands buffered lines to the OS: they survive a crash of the process, not of the machine. */
    void flush() throws IOException {
        if (out != null) {
            out.flush();
        }
    }

    /** Gives up the current segment after a write failed; the next line starts a new one. */
    void abandonCurrent() {
        if (out == null) {
            return;
        }
        try {
            out.close();
        } catch (IOException ignored) {
            // The segment is already broken; what reached the file stays readable.
        }
        retire(current, LogSegments.sizeOf(current));
        out = null;
        current = null;
        currentBytes = 0;
    }

    long bytesOnDisk() {
        return closedBytes + currentBytes;
    }

    @Override
    public void close() throws IOException {
        closeCurrent();
    }

    private void closeCurrent() throws IOException {
        if (out == null) {
            return;
        }
        OutputStream o = out;
        out = null;
        retire(current, currentBytes);
        current = null;
        currentBytes = 0;
        o.close();
    }

    private void retire(Path segment, long bytes) {
        closed.addLast(new Segment(segment, bytes));
        closedBytes += bytes;
    }

    private void prune() throws IOException {
        while (closedBytes + currentBytes > maxSize && !closed.isEmpty()) {
            Segment oldest = closed.removeFirst();
            closedBytes -= oldest.bytes();
            Files.deleteIfExists(oldest.path());
        }
    }

    private record Segment(Path path, long bytes) {
    }
}
