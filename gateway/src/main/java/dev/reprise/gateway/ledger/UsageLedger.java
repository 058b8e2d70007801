package dev.reprise.gateway.ledger;

import dev.reprise.gateway.cluster.PostgresLink;
import dev.reprise.gateway.pipeline.SettledListener;
import dev.reprise.gateway.pipeline.SettledRequest;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

import java.io.IOException;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The usage ledger: every settled request becomes a row of an embedded SQLite file or, in a cluster, of the
 * PostgreSQL all nodes share. Requests only hand a row to
 * a bounded queue (a full queue drops it and counts it, never waits); one writer thread writes the queue in
 * batches every {@code flush-interval}, sooner when the queue is half full, and on close, so a {@code kill -9}
 * loses at most the last interval. The same thread deletes rows older than the retention, on the gateway's clock,
 * and writes clients' feedback, synchronously for the caller. While PostgreSQL is away, batches wait in a bounded
 * folder on local disk ({@link LedgerBuffer}) and are written, oldest first, once it is back; each row carries its
 * own key, so one written twice (its commit's answer was lost) counts once.
 */
public final class UsageLedger implements SettledListener, FeedbackRecorder, AutoCloseable {

    private static final Logger LOG = Logger.getLogger(UsageLedger.class.getName());
    /** How often rows past the retention are deleted, on the injected clock. */
    static final Duration PRUNE_EVERY = Duration.ofHours(1);
    private static final Duration CLOSE_WAIT = Duration.ofSeconds(10);
    private static final int BATCH = 1_000;
    /** Admin queries at once; more wait their turn rather than take more of a 2-core machine. */
    private static final int READERS = 2;

    private final LedgerStore store;
    /** Null for SQLite: only the cluster's database can be away. */
    private final LedgerBuffer buffer;
    private final LedgerSettings settings;
    private final Clock clock;
    private final BlockingQueue<LedgerRow> queue;
    private final ExecutorService writer;
    private final ExecutorService readers = Executors.newFixedThreadPool(READERS,
            Thread.ofPlatform().name("ledger-reader-", 0).daemon(true).factory());
    private final AtomicBoolean drainQueued = new AtomicBoolean();
    private final Counter queueFull;
    private final Counter writeFailed;
    private final Counter closedDrops;
    private final Counter bufferFull;
    private volatile boolean closed;
    /** Writer thread only. */
    private Instant nextPrune = Instant.MIN;
    /** Writer thread only: true from a failed write until the next good one, so a full disk logs once. */
    private boolean failing;
    /** Writer thread only: rows wait on disk (logged once per outage), and the disk's limit was hit (likewise). */
    private boolean buffering;
    private boolean bufferFullLogged;

    /** @param writer runs every write, one at a time (tests pass one they run by hand) */
    UsageLedger(LedgerStore store, LedgerSettings settings, Clock clock, MeterRegistry registry,
                ExecutorService writer) {
        this(store, null, settings, clock, registry, writer);
    }

    /** @param buffer where batches wait while the cluster's database is away; null for SQLite */
    UsageLedger(LedgerStore store, LedgerBuffer buffer, LedgerSettings settings, Clock clock, MeterRegistry registry,
                ExecutorService writer) {
        this.store = store;
        this.buffer = buffer;
        this.settings = settings;
        this.clock = clock;
        this.queue = new ArrayBlockingQueue<>(settings.queueCapacity());
        this.writer = writer;
        this.queueFull = dropped(registry, "queue_full");
        this.writeFailed = dropped(registry, "write_failed");
        this.closedDrops = dropped(registry, "closed");
        this.bufferFull = dropped(registry, "buffer_full");
        if (buffer != null) {
            Gauge.builder("reprise.ledger.buffered.rows", buffer, LedgerBuffer::rows)
                    .description("Ledger rows waiting on local disk for the cluster's PostgreSQL")
                    .register(registry);
            Gauge.builder("reprise.ledger.buffered.bytes", buffer, LedgerBuffer::bytes)
                    .description("Bytes of ledger rows waiting on local disk for the cluster's PostgreSQL")
                    .baseUnit("bytes")
                    .register(registry);
        }
    }

    /**
     * Opens (or creates) the ledger file and starts its writer thread.
     *
     * @throws LedgerException when the file cannot be created, opened or migrated
     */
    public static UsageLedger open(LedgerSettings settings, Path file, Clock clock, MeterRegistry registry) {
        return start(LedgerStore.open(file), null, settings, clock, registry);
    }

    /**
     * Writes to the cluster's PostgreSQL through {@code link} (whose probe migrated the tables), with batches
     * waiting in {@code bufferFolder} while it is away, and starts the writer thread. Rows a previous run left
     * there are written first.
     *
     * @throws LedgerException when the folder cannot be used
     */
    public static UsageLedger openShared(LedgerSettings settings, PostgresLink link, Path bufferFolder, Clock clock,
                                         MeterRegistry registry) {
        LedgerBuffer buffer;
        try {
            buffer = LedgerBuffer.open(bufferFolder, settings.bufferLimit());
        } catch (IOException e) {
            throw new LedgerException("cannot use " + bufferFolder + " for rows that wait for PostgreSQL: "
                    + e.getMessage(), e);
        }
        if (!buffer.isEmpty()) {
            LOG.info(buffer.rows() + " ledger rows wait in " + bufferFolder + " from an earlier run: they are written "
                    + "to PostgreSQL once it answers");
        }
        return start(LedgerStore.onPostgres(link), buffer, settings, clock, registry);
    }

    private static UsageLedger start(LedgerStore store, LedgerBuffer buffer, LedgerSettings settings, Clock clock,
                                     MeterRegistry registry) {
        ScheduledExecutorService thread = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().name("ledger-writer").daemon(true).factory());
        UsageLedger ledger = new UsageLedger(store, buffer, settings, clock, registry, thread);
        long every = settings.flushInterval().toMillis();
        thread.scheduleWithFixedDelay(ledger::tick, 0, every, TimeUnit.MILLISECONDS);
        return ledger;
    }

    /** The SQLite file, or null when the ledger is the cluster's PostgreSQL. */
    public Path file() {
        return store.database() instanceof SqliteLedgerFile f ? f.file() : null;
    }

    /** Where the rows are, for a log line: the file, or PostgreSQL's address. */
    public String describe() {
        return store.database().describe();
    }

    /** Rows waiting on local disk for PostgreSQL (0 for SQLite). */
    public long buffered() {
        return buffer == null ? 0 : buffer.rows();
    }

    public LedgerSettings settings() {
        return settings;
    }

    /** The queries over what has been written so far (not what is still queued: {@link #flush} first). */
    public LedgerReader reader() {
        return new LedgerReader(store.database(), readers);
    }

    /** Queues the request's row; drops and counts it when the queue is full. Never blocks. */
    @Override
    public void settled(SettledRequest request) {
        if (closed) {
            closedDrops.increment();
            return;
        }
        if (!queue.offer(LedgerRow.of(request, settings.storeText()))) {
            queueFull.increment();
            return;
        }
        // Half full: write now rather than at the next tick, so a burst is not dropped.
        if (queue.size() >= Math.max(1, settings.queueCapacity() / 2) && drainQueued.compareAndSet(false, true)) {
            try {
                writer.execute(() -> {
                    drainQueued.set(false);
                    tick();
                });
            } catch (RejectedExecutionException e) {
                drainQueued.set(false); // closing: close() writes what is left
            }
        }
    }

    /**
     * Writes everything queued so far and prunes when due, then returns: the hook for tests and for callers that
     * need their rows readable now.
     */
    public void flush() {
        CompletableFuture.runAsync(this::drain, writer).join();
    }

    /**
     * Writes a client's feedback on the writer thread and returns once it is committed, so feedback that was answered
     * 200 survives a crash. The queue is written first: a request settles before its client can read the end of its
     * answer, so its row is at least queued by the time the client can rate it, and rating it at once finds it.
     *
     * @throws LedgerException when the ledger is closed (or closing) or the write fails
     */
    @Override
    public Optional<FeedbackReceipt> record(Feedback feedback) {
        if (closed) {
            throw new LedgerException("the ledger is closed", null);
        }
        Instant at = clock.instant();
        CompletableFuture<FeedbackReceipt> written;
        try {
            written = CompletableFuture.supplyAsync(() -> {
                drain();
                try {
                    return store.feedback(feedback, at);
                } catch (SQLException e) {
                    throw new LedgerException("cannot write feedback to " + describe() + ": " + e.getMessage(), e);
                }
            }, writer);
        } catch (RejectedExecutionException e) {
            throw new LedgerException("the ledger is closed", e);
        }
        try {
            return Optional.ofNullable(written.join());
        } catch (CompletionException e) {
            if (e.getCause() instanceof LedgerException l) {
                throw l;
            }
            throw new LedgerException("cannot write feedback to " + describe() + ": " + e.getCause(), e.getCause());
        }
    }

    /** Records dropped since start: the queue was full, a write failed, the disk buffer was full or it was closing. */
    public long dropped() {
        return (long) (queueFull.count() + writeFailed.count() + closedDrops.count() + bufferFull.count());
    }

    /** A scheduled or early write: a failure must not end the schedule, which would silently stop all writing. */
    private void tick() {
        try {
            drain();
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "the usage ledger writer failed; it will try again", e);
        }
    }

    /** Writer thread only (or close, once the writer has stopped). */
    void drain() {
        writeBuffered();
        List<LedgerRow> batch = new ArrayList<>(Math.min(BATCH, settings.queueCapacity()));
        while (queue.drainTo(batch, BATCH) > 0) {
            write(batch.stream().map(KeyedRow::of).toList());
            batch.clear();
        }
        Instant now = clock.instant();
        if (!now.isBefore(nextPrune) && store.database().available()) {
            prune(now);
            nextPrune = now.plus(PRUNE_EVERY);
        }
    }

    private void write(List<KeyedRow> batch) {
        // Behind rows already waiting, or while the database is away, a batch waits too: rows arrive in order.
        if (buffer != null && (!buffer.isEmpty() || !store.database().available())) {
            keep(batch);
            writeBuffered();
            return;
        }
        try {
            store.insert(batch);
            if (failing) {
                LOG.info("the usage ledger writes again");
                failing = false;
            }
        } catch (SQLException | RuntimeException e) {
            if (buffer != null && e instanceof SQLException s && store.database().lost(s)) {
                keep(batch);
                return;
            }
            writeFailed.increment(batch.size());
            if (!failing) {
                // A summary, not the exception: PostgreSQL's batch errors quote the rows (tenants, prompts).
                LOG.warning("the usage ledger could not write " + batch.size() + " records to " + describe()
                        + " (dropped; later failures are counted, not logged): " + PostgresLink.summary(e));
                failing = true;
            }
        }
    }

    /** Puts a batch on disk until the database is back; past the disk's limit it is dropped and counted. */
    private void keep(List<KeyedRow> batch) {
        try {
            if (buffer.append(batch)) {
                if (!buffering) {
                    LOG.warning(describe() + " is away: ledger rows wait in " + buffer.folder() + " (up to "
                            + settings.bufferLimit() + " bytes) and are written when it is back");
                    buffering = true;
                }
                return;
            }
            bufferFull.increment(batch.size());
            if (!bufferFullLogged) {
                LOG.warning("the ledger's disk buffer " + buffer.folder() + " is full (" + settings.bufferLimit()
                        + " bytes): rows are dropped and counted until " + describe() + " is back");
                bufferFullLogged = true;
            }
        } catch (IOException e) {
            writeFailed.increment(batch.size());
            if (!failing) {
                LOG.log(Level.WARNING, "the usage ledger could not keep " + batch.size() + " records in "
                        + buffer.folder() + " (dropped; later failures are counted, not logged)", e);
                failing = true;
            }
        }
    }

    /** Writes the batches waiting on disk, oldest first, while the database takes them. */
    private void writeBuffered() {
        if (buffer == null || buffer.isEmpty() || !store.database().available()) {
            return;
        }
        long written = 0;
        while (!buffer.isEmpty()) {
            List<KeyedRow> batch;
            try {
                batch = buffer.oldest();
            } catch (IOException | RuntimeException e) {
                // A file that cannot be read back (a disk error, or it was edited) would block every later one.
                writeFailed.increment(buffer.oldestRows());
                LOG.log(Level.WARNING, "the usage ledger could not read rows waiting in " + buffer.folder()
                        + " (dropped)", e);
                removeOldest();
                continue;
            }
            try {
                store.insert(batch);
                written += batch.size();
            } catch (SQLException e) {
                if (store.database().lost(e)) {
                    return; // still away: the batch stays first in line
                }
                // A batch the database refuses for itself would block every later one: it is dropped.
                writeFailed.increment(batch.size());
                LOG.warning("the usage ledger could not write " + batch.size() + " rows that waited on disk to "
                        + describe() + " (dropped): " + PostgresLink.summary(e));
            }
            removeOldest();
        }
        LOG.info("the usage ledger wrote the " + written + " rows that waited on disk to " + describe());
        buffering = false;
        bufferFullLogged = false;
    }

    private void removeOldest() {
        try {
            buffer.removeOldest();
        } catch (IOException e) {
            LOG.log(Level.WARNING, "the usage ledger could not delete a written batch from " + buffer.folder()
                    + " (its rows are skipped if written again)", e);
        }
    }

    private void prune(Instant now) {
        try {
            int deleted = store.deleteBefore(now.minus(settings.retention()));
            if (deleted > 0) {
                LOG.fine(() -> "the usage ledger deleted " + deleted + " rows older than " + settings.retention());
            }
        } catch (SQLException e) {
            LOG.log(Level.WARNING, "the usage ledger could not delete old rows from " + describe(), e);
        }
    }

    /** Stops taking records, writes what is queued and closes the file; idempotent. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        readers.shutdownNow();
        writer.shutdown();
        // A writer that is stopped (or never ran, as in tests) leaves the last write to this thread.
        boolean stopped;
        try {
            stopped = writer.awaitTermination(CLOSE_WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            stopped = false;
        }
        if (stopped) {
            drain(); // the writer has stopped: this thread is now the only one writing
        } else {
            LOG.warning("the usage ledger writer did not stop in " + CLOSE_WAIT.toSeconds() + " s; "
                    + queue.size() + " records were not written");
        }
        try {
            store.close();
        } catch (SQLException e) {
            LOG.log(Level.WARNING, "closing the usage ledger " + describe() + " failed", e);
        }
        // Rows left by a stuck writer, or that raced past the closed check after the last write.
        closedDrops.increment(queue.size());
        queue.clear();
    }

    private static Counter dropped(MeterRegistry registry, String reason) {
        return Counter.builder("reprise.ledger.dropped")
                .description("Usage ledger records not written, by reason: queue_full, write_failed or closed")
                .tag("reason", reason)
                .register(registry);
    }
}
