package dev.reprise.gateway.cluster;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.metrics.micrometer.MicrometerMetricsTrackerFactory;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.postgresql.ds.PGSimpleDataSource;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.logging.Logger;

/**
 * This node's pool of connections to the cluster's PostgreSQL, and whether it is usable now. At the first contact
 * the stores' tables are migrated ({@link PostgresSchema}); a probe then runs
 * {@code SELECT 1} every {@code probe-interval}, and a failed query elsewhere marks it down at once. Each change is
 * logged once and shown by the {@code reprise_cluster_postgresql_up} gauge and {@code /health}. A PostgreSQL that is
 * away at start is not an error: the node starts, its ledger buffers to disk and its budgets count locally.
 */
public final class PostgresLink implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(PostgresLink.class.getName());
    /**
     * Hikari warns once per pooled connection it finds dead: an outage would log once per connection. This link
     * logs the loss and the return once each instead, so the pool's own warnings are kept to errors. Held here:
     * JUL forgets a logger's level when nothing references it.
     */
    private static final Logger POOL_LOG = Logger.getLogger("com.zaxxer.hikari");

    static {
        POOL_LOG.setLevel(java.util.logging.Level.SEVERE);
    }
    /** Hikari's floor for its timeouts. */
    private static final Duration HIKARI_MIN_TIMEOUT = Duration.ofMillis(250);
    private static final int SUMMARY_MAX = 160;

    private enum State { STARTING, UP, DOWN }

    private final PostgresSettings settings;
    private final List<String> stores;
    /** Unpooled: the probe's own connection and the migrations, which must not wait behind the pool. */
    private final PGSimpleDataSource direct;
    private final HikariDataSource pool;
    /** Probe thread only: the probe's own connection, opened again when lost. */
    private Connection probeConnection;
    private final ScheduledExecutorService probe;
    private final AtomicReference<State> state = new AtomicReference<>(State.STARTING);
    private final FlapLog flaps;
    /** Probe thread only: whether every store's tables are known to be migrated. */
    private boolean migrated;

    private PostgresLink(PostgresSettings settings, List<String> stores, MeterRegistry registry, Clock clock) {
        this.settings = settings;
        this.flaps = new FlapLog(clock);
        this.stores = List.copyOf(stores);
        this.direct = direct(settings);
        this.pool = new HikariDataSource(pooled(direct, settings, registry));
        this.probe = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "reprise-postgresql-probe");
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * Opens the pool to {@code settings.address()}, migrates the {@code stores}' tables (now if PostgreSQL answers,
     * else when it first does) and starts probing; the gauge goes to {@code registry}.
     *
     * @param stores the stores whose {@code db/postgresql/<store>} scripts this node needs, e.g. {@code ledger}
     */
    public static PostgresLink open(PostgresSettings settings, List<String> stores, MeterRegistry registry) {
        return open(settings, stores, registry, Clock.systemUTC());
    }

    /** As {@link #open(PostgresSettings, List, MeterRegistry)}; {@code clock} paces the log of a flapping link. */
    public static PostgresLink open(PostgresSettings settings, List<String> stores, MeterRegistry registry,
                                    Clock clock) {
        Objects.requireNonNull(settings, "settings");
        PostgresLink link = new PostgresLink(settings, stores, registry, clock);
        Gauge.builder("reprise.cluster.postgresql.up", link, l -> l.up() ? 1 : 0)
                .description("1 while this node reaches the cluster's PostgreSQL, 0 while its ledger buffers to disk "
                        + "and its budgets count only its own spend")
                .register(registry);
        link.check();
        long every = settings.probeInterval().toNanos();
        link.probe.scheduleWithFixedDelay(link::check, every, every, TimeUnit.NANOSECONDS);
        return link;
    }

    private static PGSimpleDataSource direct(PostgresSettings s) {
        PostgresAddress a = s.address();
        PGSimpleDataSource d = new PGSimpleDataSource();
        d.setURL(a.jdbcUrl());
        if (a.user() != null) {
            d.setUser(a.user());
        }
        if (a.password() != null) {
            d.setPassword(a.password());
        }
        try {
            for (var p : a.params().entrySet()) {
                d.setProperty(p.getKey(), p.getValue());
            }
        } catch (SQLException e) {
            throw new IllegalArgumentException("ledger.url: unknown PostgreSQL driver option: " + e.getMessage(), e);
        }
        d.setConnectTimeout((int) s.connectTimeout().toSeconds());
        d.setLoginTimeout((int) s.connectTimeout().toSeconds());
        d.setSocketTimeout((int) s.socketTimeout().toSeconds());
        d.setTcpKeepAlive(true);
        d.setApplicationName("reprise");
        return d;
    }

    private static HikariConfig pooled(DataSource direct, PostgresSettings s, MeterRegistry registry) {
        HikariConfig c = new HikariConfig();
        c.setPoolName("reprise-postgresql");
        c.setDataSource(direct);
        c.setMaximumPoolSize(s.poolSize());
        c.setMinimumIdle(1);
        // Waiting for a free or new connection is bounded like one command: a lost database fails fast.
        Duration wait = max(HIKARI_MIN_TIMEOUT, s.commandTimeout());
        c.setConnectionTimeout(wait.toMillis());
        c.setValidationTimeout(wait.toMillis());
        // Start without a database: the probe reaches it later.
        c.setInitializationFailTimeout(-1);
        c.setMetricsTrackerFactory(new MicrometerMetricsTrackerFactory(registry));
        return c;
    }

    private static Duration max(Duration a, Duration b) {
        return a.compareTo(b) >= 0 ? a : b;
    }

    /** True while PostgreSQL answers and every store's tables are migrated. */
    public boolean up() {
        return state.get() == State.UP;
    }

    /** The pool; a connection from it fails within {@code command-timeout} when none can be had. */
    public DataSource dataSource() {
        return pool;
    }

    public PostgresSettings settings() {
        return settings;
    }

    /**
     * A pooled connection whose every wait for the server is bounded by {@code command-timeout}: for work on a
     * request's path. A connection problem marks the link down.
     */
    public Connection commandConnection() throws SQLException {
        Connection c = connection();
        try {
            c.setNetworkTimeout(DIRECT, (int) settings.commandTimeout().toMillis());
            return c;
        } catch (SQLException e) {
            c.close();
            failedIfLost(e);
            throw e;
        }
    }

    /** A pooled connection (its waits bounded by {@code socket-timeout}); a failure to get one marks the link down. */
    public Connection connection() throws SQLException {
        try {
            return pool.getConnection();
        } catch (SQLException e) {
            failedIfLost(e);
            throw e;
        }
    }

    /** Marks the link down when {@code e} says the connection or the server is gone (not for a bad statement). */
    public void failedIfLost(SQLException e) {
        if (isConnectionLoss(e)) {
            failed(e);
        }
    }

    /** True for a connection-class SQL state (08xxx), a pool timeout or a server shutting down (57P0x). */
    public static boolean isConnectionLoss(SQLException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLTransientConnectionException) {
                return true;
            }
            if (t instanceof SQLException s && s.getSQLState() != null
                    && (s.getSQLState().startsWith("08") || s.getSQLState().startsWith("57P"))) {
                return true;
            }
        }
        return false;
    }

    /** A query failed because PostgreSQL is away: it counts as down until the probe reaches it again. */
    public void failed(Exception cause) {
        if (state.getAndSet(State.DOWN) != State.DOWN) {
            // The driver's messages name the host at most, never the password.
            flaps.lost().ifPresent(note -> LOG.warning("PostgreSQL at " + settings.address()
                    + " unreachable or unusable (" + summary(cause) + "): the ledger buffers to disk and budgets "
                    + "count this node's own spend until it is back" + note));
        }
    }

    /**
     * One probe: migrates the stores' tables when not yet done, then runs {@code SELECT 1} on its own connection.
     * Runs every {@code probe-interval}; tests with a long interval call it to notice a loss or a return now.
     */
    public synchronized void check() {
        try {
            if (!migrated) {
                for (String store : stores) {
                    PostgresSchema.migrate(direct, store);
                }
                migrated = true;
            }
            try {
                ping();
            } catch (SQLException stale) {
                // The connection may predate a restart of the server: one fresh try before calling it lost.
                closeProbeConnection();
                ping();
            }
            if (state.get() != State.UP) {
                // Connections pooled before a loss point at a server that is gone: open new ones.
                pool.getHikariPoolMXBean().softEvictConnections();
            }
            State was = state.getAndSet(State.UP);
            if (was != State.UP && (was == State.STARTING || flaps.recovered())) {
                LOG.info("PostgreSQL at " + settings.address() + " reached: the ledger, and the budgets' spend, are "
                        + "shared by the cluster");
            }
        } catch (SQLException | RuntimeException e) {
            closeProbeConnection();
            failed(e);
        }
    }

    private void ping() throws SQLException {
        if (probeConnection == null) {
            probeConnection = direct.getConnection();
            probeConnection.setNetworkTimeout(DIRECT, (int) settings.connectTimeout().toMillis());
        }
        try (Statement s = probeConnection.createStatement()) {
            s.execute("SELECT 1");
        }
    }

    /**
     * What went wrong, short and without data: the driver's message for a failed batch quotes the statement and its
     * values (tenants, prompts), so only the underlying cause's message is kept, cut to a line.
     */
    public static String summary(Throwable e) {
        Throwable t = e;
        if (t instanceof SQLException s && s.getNextException() != null) {
            t = s.getNextException();
        }
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        String message = t instanceof java.sql.BatchUpdateException ? "a batch of statements failed"
                : t.getMessage() == null ? "" : t.getMessage();
        if (message.length() > SUMMARY_MAX) {
            message = message.substring(0, SUMMARY_MAX) + "...";
        }
        String state = t instanceof SQLException s && s.getSQLState() != null ? " [" + s.getSQLState() + "]" : "";
        return t.getClass().getSimpleName() + state + ": " + message;
    }

    private void closeProbeConnection() {
        if (probeConnection != null) {
            try {
                probeConnection.close();
            } catch (SQLException ignored) {
                // it is being dropped because it failed
            }
            probeConnection = null;
        }
    }

    /** Runs the driver's timeout callbacks on the thread that fires them: they only close a socket. */
    private static final Executor DIRECT = Runnable::run;

    @Override
    public void close() {
        probe.shutdownNow();
        try {
            probe.awaitTermination(settings.connectTimeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        closeProbeConnection();
        pool.close();
    }
}
