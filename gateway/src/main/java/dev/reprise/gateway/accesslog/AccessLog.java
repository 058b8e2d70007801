package dev.reprise.gateway.accesslog;

import dev.reprise.gateway.pipeline.SettledListener;
import dev.reprise.gateway.pipeline.SettledRequest;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Writes one JSON line per settled request. The request's thread only formats the line and queues it; one writer
 * thread appends lines and flushes whenever the queue runs dry, so a slow disk or a blocked pipe never slows a
 * request: a full queue drops the line and counts it in {@code reprise_access_log_lines_total{result="dropped"}}.
 */
public final class AccessLog implements SettledListener, AutoCloseable {

    private static final Logger LOG = Logger.getLogger(AccessLog.class.getName());
    /** A line that tells the writer to finish. */
    private static final String END = new String("end");
    private static final int BATCH = 256;

    private final boolean includeText;
    private final BlockingQueue<String> queue;
    private final Writer out;
    private final Thread writer;
    private final Counter written;
    private final Counter dropped;
    private final Counter failed;

    private AccessLog(AccessLogSettings settings, OutputStream stream, MeterRegistry registry) {
        this.includeText = settings.includeText();
        this.queue = new ArrayBlockingQueue<>(settings.queueCapacity());
        this.out = new BufferedWriter(new OutputStreamWriter(stream, StandardCharsets.UTF_8));
        this.written = lines(registry, "written");
        this.dropped = lines(registry, "dropped");
        this.failed = lines(registry, "failed");
        this.writer = Thread.ofPlatform().daemon().name("reprise-access-log").start(this::drain);
    }

    /** Opens the log where the settings say: a file (created owner-only, appended to) or standard output. */
    public static AccessLog open(AccessLogSettings settings, MeterRegistry registry) throws IOException {
        if (settings.file() == null) {
            return new AccessLog(settings, new NonClosing(System.out), registry);
        }
        Path file = settings.file().toAbsolutePath();
        Files.createDirectories(file.getParent());
        OutputStream stream = Files.newOutputStream(file, StandardOpenOption.CREATE, StandardOpenOption.APPEND,
                StandardOpenOption.WRITE);
        return new AccessLog(settings, stream, registry);
    }

    /** Writes to {@code stream}: for tests and embedding. */
    public static AccessLog to(OutputStream stream, AccessLogSettings settings, MeterRegistry registry) {
        return new AccessLog(settings, stream, registry);
    }

    private static Counter lines(MeterRegistry registry, String result) {
        return Counter.builder("reprise.access.log.lines")
                .description("Access-log lines by result: written, dropped (queue full) or failed (write error)")
                .tags("result", result).register(registry);
    }

    @Override
    public void settled(SettledRequest request) {
        if (!queue.offer(AccessLogLine.of(request, includeText))) {
            dropped.increment();
        }
    }

    private void drain() {
        List<String> batch = new ArrayList<>(BATCH);
        try {
            while (true) {
                String first = queue.poll(1, TimeUnit.SECONDS);
                if (first == null) {
                    continue;
                }
                batch.add(first);
                queue.drainTo(batch, BATCH - 1);
                boolean end = false;
                for (String line : batch) {
                    if (line == END) {
                        end = true;
                    } else {
                        write(line);
                    }
                }
                batch.clear();
                if (queue.isEmpty() || end) {
                    flush();
                }
                if (end) {
                    return;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void write(String line) {
        try {
            out.write(line);
            out.write('\n');
            written.increment();
        } catch (IOException e) {
            failed.increment();
            LOG.log(Level.FINE, "could not write an access-log line", e);
        }
    }

    private void flush() {
        try {
            out.flush();
        } catch (IOException e) {
            LOG.log(Level.FINE, "could not flush the access log", e);
        }
    }

    /** Writes what is queued, then closes the file (standard output stays open). */
    @Override
    public void close() {
        try {
            queue.put(END);
            writer.join(TimeUnit.SECONDS.toMillis(10));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            out.close();
        } catch (IOException e) {
            LOG.log(Level.FINE, "could not close the access log", e);
        }
    }

    /** Standard output, which closing the log must not close. */
    private static final class NonClosing extends java.io.FilterOutputStream {
        NonClosing(OutputStream out) {
            super(out);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
        }

        @Override
        public void close() throws IOException {
            flush();
        }
    }
}
