package dev.reprise.gateway.cluster;

import java.time.Duration;
import java.util.Objects;

/**
 * The cluster's PostgreSQL as {@code ledger.url} and its neighbours set it: where it is, how many connections this
 * node keeps, and the timeouts that make a lost database fail fast instead of holding requests. Read at start only.
 *
 * @param address        where PostgreSQL listens
 * @param poolSize       the most connections this node holds open
 * @param connectTimeout the longest a new connection (TCP and login) may take
 * @param socketTimeout  the longest the driver waits for any answer: a hung server fails a query after this
 * @param commandTimeout the longest a request waits for a query on its path (a budget's spend) before it goes on
 *                       without it
 * @param probeInterval  how often the database is checked, so a lost one is noticed and a returned one used again
 */
public record PostgresSettings(PostgresAddress address, int poolSize, Duration connectTimeout,
                               Duration socketTimeout, Duration commandTimeout, Duration probeInterval) {

    /** The ledger's writer, two report readers, the budgets' spend and the key table, with room to spare. */
    public static final int DEFAULT_POOL_SIZE = 8;
    public static final int MAX_POOL_SIZE = 64;
    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(2);
    /** Long enough for the admin's usage report over the whole retention; a request never waits this long. */
    public static final Duration DEFAULT_SOCKET_TIMEOUT = Duration.ofSeconds(30);
    /** A loopback or LAN query answers in about a millisecond; a request should not wait long for a lost one. */
    public static final Duration DEFAULT_COMMAND_TIMEOUT = Duration.ofMillis(250);
    public static final Duration DEFAULT_PROBE_INTERVAL = Duration.ofSeconds(1);

    public PostgresSettings {
        Objects.requireNonNull(address, "address");
        if (poolSize < 1 || poolSize > MAX_POOL_SIZE) {
            throw new IllegalArgumentException("ledger.pool-size must be between 1 and " + MAX_POOL_SIZE + ", got "
                    + poolSize);
        }
        // The driver counts its timeouts in whole seconds.
        requireSeconds("ledger.connect-timeout", connectTimeout);
        requireSeconds("ledger.socket-timeout", socketTimeout);
        Objects.requireNonNull(commandTimeout, "commandTimeout");
        if (commandTimeout.isNegative() || commandTimeout.isZero() || commandTimeout.compareTo(socketTimeout) > 0) {
            throw new IllegalArgumentException("ledger.command-timeout must be above 0 and at most "
                    + "ledger.socket-timeout (" + socketTimeout + "), got " + commandTimeout);
        }
        Objects.requireNonNull(probeInterval, "probeInterval");
        if (probeInterval.isNegative() || probeInterval.isZero()) {
            throw new IllegalArgumentException("ledger.probe-interval must be > 0, got " + probeInterval);
        }
    }

    /** The defaults for {@code address}. */
    public static PostgresSettings of(PostgresAddress address) {
        return new PostgresSettings(address, DEFAULT_POOL_SIZE, DEFAULT_CONNECT_TIMEOUT, DEFAULT_SOCKET_TIMEOUT,
                DEFAULT_COMMAND_TIMEOUT, DEFAULT_PROBE_INTERVAL);
    }

    private static void requireSeconds(String key, Duration d) {
        Objects.requireNonNull(d, key);
        if (d.toMillis() < 1_000 || d.toMillis() % 1_000 != 0) {
            throw new IllegalArgumentException(key + " must be a whole number of seconds, at least 1s, got " + d);
        }
    }
}
