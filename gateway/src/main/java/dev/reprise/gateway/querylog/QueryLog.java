package dev.reprise.gateway.querylog;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The opt-in log of queries that reached the cache lookup, and of verdicts on cache entries, kept as JSON
 * lines in a size-bounded folder. Requests only hand records to a bounded queue: when it is full a record is
 * dropped and counted, never waited for. One writer thread appends them and flushes after every batch it takes
 * off the queue, so under light traffic each record reaches the file at once.
 */
public final class QueryLog implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(QueryLog.class.getName());
    /** The folder under {@code data-dir} unless {@code cache.query-log.path} says otherwise. */
    public static final String FOLDER = "query-log";
    /** Records waiting for the writer; a burst beyond this is dropped rather than slowing requests. */
    public static final int QUEUE_CAPACITY = 10_000;
    private static final int BATCH = 1_024;
    private static final Duration CLOSE_WAIT = Duration.ofSeconds(10);
    private static final Object STOP = new Object();

    private final LogSegments segments;
    private final LogWriter files;
    private final Clock clock;
    private final BlockingQueue<Object> queue;
    private final Thread writer;
    private final Counter written;
    private final Counter dropped;
    private final Counter failed;
    private volatile boolean closed;
    private volatile long bytesOnDisk;
    /** Writer thread only: true from a failed write until the next good one, so a full disk logs once. */
    private boolean failing;

    QueryLog(LogSegments segments, int capacity, long maxSize, Clock clock, MeterRegistry registry) throws IOException {
        this.segments = segments;
        this.files = new LogWriter(segments, maxSize);
        this.clock = clock;
        this.queue = new ArrayBlockingQueue<>(capacity);
        this.bytesOnDisk = files.bytesOnDisk();
        this.written = counter(registry, "written");
        this.dropped = counter(registry, "dropped");
        this.failed = counter(registry, "failed");
        Gauge.builder("reprise.query.log.size", this, log -> log.bytesOnDisk)
                .description("Bytes the query log takes on disk").baseUnit("bytes").register(registry);
        this.writer = Thread.ofPlatform().name("query-log-writer").daemon(true).start(this::run);
    }

    /**
     * Opens (or creates) the log in {@code folder}, with {@code settings}' size limit.
     *
     * @throws UncheckedIOException when the folder cannot be created or read
     */
    public static QueryLog open(QueryLogSettings settings, Path folder, Clock clock, MeterRegistry registry) {
        try {
            return new QueryLog(LogSegments.open(folder), QUEUE_CAPACITY, settings.maxSize(), clock, registry);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the query log in " + folder.toAbsolutePath(), e);
        }
    }

    /** The time the log stamps records with: the gateway's clock. */
    public Instant now() {
        return clock.instant();
    }

    public Path folder() {
        return segments.folder();
    }

    /** Queues a query; false when it was dropped (queue full, or the log is closing). */
    public boolean record(QueryRecord query) {
        return enqueue(query);
    }

    /** Queues a verdict on an entry, stamped now; false when it was dropped. */
    public boolean feedback(String entryId, boolean correct) {
        return enqueue(new FeedbackRecord(now(), entryId, correct));
    }

    /** Reads what has been written so far, while writing goes on. */
    public QueryLogReader reader() {
        return new QueryLogReader(segments);
    }

    /** Records written since start. */
    public long written() {
        return (long) written.count();
    }

    /** Records dropped since start because the queue was full or the log was closing. */
    public long dropped() {
        return (long) dropped.count();
    }

    /** The test hook: waits until every record queued so far is written and flushed. */
    public boolean awaitWrites(Duration timeout) {
        CountDownLatch done = new CountDownLatch(1);
        try {
            return onWriter(done::countDown, timeout) && done.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Runs {@code task} on the writer thread after what is queued now has been flushed; false when it could not be queued. */
    boolean onWriter(Runnable task, Duration timeout) throws InterruptedException {
        return !closed && queue.offer(task, timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    private boolean enqueue(LogRecord record) {
        if (closed || !queue.offer(record)) {
            dropped.increment();
            return false;
        }
        return true;
    }

    private void run() {
        List<Object> batch = new ArrayList<>(BATCH);
        boolean stop = false;
        while (!stop) {
            try {
                batch.add(queue.take());
            } catch (InterruptedException e) {
                break;
            }
            queue.drainTo(batch, BATCH - 1);
            for (Object item : batch) {
                if (item == STOP) {
                    stop = true;
                } else if (item instanceof LogRecord record) {
                    write(record);
                } else if (item instanceof Runnable task) {
                    flush();
                    task.run();
                }
            }
            batch.clear();
            flush();
        }
        try {
            files.close();
        } catch (IOException e) {
            LOG.log(Level.WARNING, "closing the query log failed; its last lines may be lost", e);
        }
        bytesOnDisk = files.bytesOnDisk();
    }

    private void write(LogRecord record) {
        try {
            files.write(LogCodec.encode(record));
            written.increment();
            failing = false;
        } catch (IOException | UncheckedIOException e) {
            failed.increment();
            files.abandonCurrent();
            if (!failing) {
                failing = true;
                LOG.log(Level.WARNING, "cannot write the query log in " + segments.folder()
                        + "; records are lost until writing works again", e);
            }
        }
    }

    private void flush() {
        try {
            files.flush();
        } catch (IOException e) {
            files.abandonCurrent();
            LOG.log(Level.WARNING, "cannot flush the query log in " + segments.folder(), e);
        }
        bytesOnDisk = files.bytesOnDisk();
    }

    /** Writes what is queued, then stops the writer; records queued after this are dropped. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            if (!queue.offer(STOP, CLOSE_WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
                writer.interrupt();
            }
            writer.join(CLOSE_WAIT.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (writer.isAlive()) {
            LOG.warning("the query log writer did not finish in " + CLOSE_WAIT.toSeconds() + " s; some records were not written");
            writer.interrupt();
        }
        // Records that raced past the closed check arrived after STOP: they were not written.
        List<Object> late = new ArrayList<>();
        queue.drainTo(late);
        late.stream().filter(LogRecord.class::isInstance).forEach(r -> dropped.increment());
    }

    private static Counter counter(MeterRegistry registry, String result) {
        return Counter.builder("reprise.query.log.records")
                .description("Query log records by result: written, dropped (queue full) or failed (I/O error)")
                .tag("result", result)
                .register(registry);
    }
}
