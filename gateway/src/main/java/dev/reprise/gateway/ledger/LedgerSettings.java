package dev.reprise.gateway.ledger;

import dev.reprise.gateway.cluster.PostgresSettings;

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
 * @param postgres      the cluster's PostgreSQL ({@code ledger.url}), or null for the SQLite file
 * @param bufferLimit   bytes of rows kept on local disk while PostgreSQL is away; beyond it rows are dropped and
 *                      counted
 */
public record LedgerSettings(boolean enabled, Path path, Duration retention, boolean storeText,
                             Duration flushInterval, int queueCapacity, PostgresSettings postgres, long bufferLimit) {

    public static final boolean DEFAULT_ENABLED = true;
    public static final String FILE = "ledger.db";
    /** The folder under the data dir where rows wait while PostgreSQL is away. */
    public static final String BUFFER_FOLDER = "ledger-buffer";
    public static final Duration DEFAULT_RETENTION = Duration.ofDays(90);
    public static final boolean DEFAULT_STORE_TEXT = false;
    public static final Duration DEFAULT_FLUSH_INTERVAL = Duration.ofSeconds(1);
    /** Ten seconds of 1,000 requests a second between two writes. */
    public static final int DEFAULT_QUEUE_CAPACITY = 10_000;
    /** About half a million rows without text: hours of a busy node's traffic. */
    public static final long DEFAULT_BUFFER_LIMIT = 256L << 20;
    /** Less than an hour of history is not a ledger. */
    public static final Duration MIN_RETENTION = Duration.ofHours(1);
    /** Below this the writer would spin; above the maximum a crash could lose a long stretch. */
    public static final Duration MIN_FLUSH_INTERVAL = Duration.ofMillis(10);
    public static final Duration MAX_FLUSH_INTERVAL = Duration.ofMinutes(1);
    public static final int MAX_QUEUE_CAPACITY = 1_000_000;
    /** Less than one batch of rows would drop at the first write of an outage. */
    public static final long MIN_BUFFER_LIMIT = 64L << 10;

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
        if (bufferLimit < MIN_BUFFER_LIMIT) {
            throw new IllegalArgumentException("ledger.buffer-limit must be at least 64KiB, got " + bufferLimit
                    + " bytes");
        }
        if (postgres != null && path != null) {
            throw new IllegalArgumentException("ledger.path (a SQLite file) and ledger.url (PostgreSQL) cannot both "
                    + "be set: pick one");
        }
    }

    /** A SQLite ledger. */
    public LedgerSettings(boolean enabled, Path path, Duration retention, boolean storeText, Duration flushInterval,
                          int queueCapacity) {
        this(enabled, path, retention, storeText, flushInterval, queueCapacity, null, DEFAULT_BUFFER_LIMIT);
    }

    public static LedgerSettings defaults() {
        return new LedgerSettings(DEFAULT_ENABLED, null, DEFAULT_RETENTION, DEFAULT_STORE_TEXT,
                DEFAULT_FLUSH_INTERVAL, DEFAULT_QUEUE_CAPACITY);
    }

    public LedgerSettings withEnabled(boolean on) {
        return new LedgerSettings(on, path, retention, storeText, flushInterval, queueCapacity, postgres,
                bufferLimit);
    }

    /** The same ledger on the cluster's PostgreSQL. */
    public LedgerSettings withPostgres(PostgresSettings pg) {
        return new LedgerSettings(enabled, path, retention, storeText, flushInterval, queueCapacity, pg, bufferLimit);
    }

    /** True when the ledger (and the budgets' spend) live in the cluster's PostgreSQL. */
    public boolean shared() {
        return postgres != null;
    }

    /** The file to use: {@link #path} when set, else {@code ledger.db} under {@code dataDir}. */
    public Path fileUnder(Path dataDir) {
        return path != null ? path : dataDir.resolve(FILE);
    }

    /** Where rows wait while PostgreSQL is away: {@code ledger-buffer} under {@code dataDir}. */
    public Path bufferUnder(Path dataDir) {
        return dataDir.resolve(BUFFER_FOLDER);
    }
}
