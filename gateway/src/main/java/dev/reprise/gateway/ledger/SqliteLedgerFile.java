package dev.reprise.gateway.ledger;

import dev.reprise.cache.PrivateFolder;
import org.sqlite.SQLiteConfig;

import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;

/**
 * The single node's ledger: an SQLite file with one long-lived writing connection (WAL mode, so readers on their
 * own connections never wait for it), migrated from {@code db/ledger} when opened.
 */
final class SqliteLedgerFile implements LedgerDatabase {

    /** How long a statement waits for a lock held by another connection before it fails. */
    static final int BUSY_TIMEOUT_MS = 5_000;

    private final Path file;
    private final Connection writer;

    private SqliteLedgerFile(Path file, Connection writer) {
        this.file = file;
        this.writer = writer;
    }

    /**
     * Opens (or creates) the file, its folder owner-only (the rows name tenants, and may hold their text), and
     * brings its tables up to date.
     *
     * @throws LedgerException when the folder or the file cannot be used
     */
    static SqliteLedgerFile open(Path file) {
        Path folder = file.toAbsolutePath().getParent();
        try {
            PrivateFolder.prepare(folder);
        } catch (IOException e) {
            throw new LedgerException("cannot create " + folder + ": " + e.getMessage(), e);
        }
        LedgerSchema.migrate(url(file));
        SQLiteConfig config = new SQLiteConfig();
        config.setJournalMode(SQLiteConfig.JournalMode.WAL);
        // In WAL mode NORMAL loses nothing a committed transaction wrote when the process dies, only on power loss.
        config.setSynchronous(SQLiteConfig.SynchronousMode.NORMAL);
        config.setBusyTimeout(BUSY_TIMEOUT_MS);
        try {
            Connection c = config.createConnection(url(file));
            c.setAutoCommit(false);
            return new SqliteLedgerFile(file, c);
        } catch (SQLException e) {
            throw new LedgerException("cannot open the ledger " + file + ": " + e.getMessage(), e);
        }
    }

    static String url(Path file) {
        return "jdbc:sqlite:" + file.toAbsolutePath();
    }

    Path file() {
        return file;
    }

    @Override
    public LedgerDialect dialect() {
        return LedgerDialect.SQLITE;
    }

    @Override
    public Connection writer() {
        return writer;
    }

    @Override
    public void release(Connection c) {
        // The one writing connection stays open until close.
    }

    @Override
    public Connection reader() throws SQLException {
        SQLiteConfig config = new SQLiteConfig();
        config.setBusyTimeout(BUSY_TIMEOUT_MS);
        Connection c = config.createConnection(url(file));
        try (var s = c.createStatement()) {
            s.execute("PRAGMA query_only = true");
        }
        return c;
    }

    @Override
    public boolean shared() {
        return false;
    }

    @Override
    public boolean available() {
        return true;
    }

    @Override
    public boolean lost(SQLException e) {
        return false;
    }

    @Override
    public String describe() {
        return file.toString();
    }

    @Override
    public void close() throws SQLException {
        writer.close();
    }
}
