package dev.reprise.gateway.ledger;

import java.nio.file.Path;
import java.time.Duration;

/**
 * {@code ledger:}: whether every settled request is kept in the usage ledger, where, for how long, whether with
 * its prompt and answer text, how often the queue is written and how many records may wait. Read at start only.
 *
 * @param path          the SQLite file, or null for {@code <data-dir>/ledger.db}
 * @param retention     rows older than this are deleted in the background
 * @param storeText     keep the last user message and the answer (they may hold personal data)
 * @param flushInterval the longest a record waits in memory: what a {@code kill -9} can lose
 * @param queueCapacity records waiting for the writer; beyond it they are dropped and counted
 */
public record LedgerSettings(boolean enabled, Path path, Duration retention, boolean storeText,
                             Duration flushInterval, int queueCapacity) {

    public static final boolean DEFAULT_ENABLED = true;
    public static final String FILE = "ledger.db";
    public static final Duration DEFAULT_RETENTION = Duration.ofDays(90);
    public static final boolean DEFAULT_STORE_TEXT = false;
    public static final Duration DEFAULT_FLUSH_INTERVAL = Duration.ofSeconds(1);
    /** Ten seconds of 1,000 requests a second between two writes. */
    public static final int DEFAULT_QUEUE_CAPACITY = 10_000;
    /** Less than an hour of history is not a ledger. */
    public static final Duration MIN_RETENTION = Duration.ofHours(1);
    /** Below this the writer would spin; above the maximum a crash could lose a long stretch. */
    public static final Duration MIN_FLUSH_INTERVAL = Duration.ofMillis(10);
    public static final Duration MAX_FLUSH_INTERVAL = Duration.ofMinutes(1);
    public static final int MAX_QUEUE_CAPACITY = 1_000_000;

    public LedgerSettings {
        if (retention == null || retention.compareTo(MIN_RETENTION) < 0) {
            throw new IllegalArgumentException("ledger.retention must be at least 1h, got " + retention);
        }
        if (flushInterval == null || flushInterval.compareTo(MIN_FLUSH_INTERVAL) < 0
                || flushInterval.compareTo(MAX_FLUSH_INTERVAL) > 0) {
            throw new IllegalArgumentException("ledger.flush-interval must be between 10ms and 1m, got "
                    + flushInterval);
        }
        if (queueCapacity < 1 || queueCapacity > MAX_QUEUE_CAPACITY) {
            throw new IllegalArgumentException("ledger.queue-capacity must be between 1 and " + MAX_QUEUE_CAPACITY
                    + ", got " + queueCapacity);
        }
    }

    public static LedgerSettings defaults() {
        return new LedgerSettings(DEFAULT_ENABLED, null, DEFAULT_RETENTION, DEFAULT_STORE_TEXT,
                DEFAULT_FLUSH_INTERVAL, DEFAULT_QUEUE_CAPACITY);
    }

    public LedgerSettings withEnabled(boolean on) {
        return new LedgerSettings(on, path, retention, storeText, flushInterval, queueCapacity);
    }

    /** The file to use: {@link #path} when set, else {@code ledger.db} under {@code dataDir}. */
    public Path fileUnder(Path dataDir) {
        return path != null ? path : dataDir.resolve(FILE);
    }
}
