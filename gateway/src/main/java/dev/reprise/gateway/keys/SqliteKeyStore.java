package dev.reprise.gateway.keys;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.reprise.cache.PrivateFolder;
import org.sqlite.SQLiteConfig;

import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * The key store in its own SQLite file under {@code data-dir} ({@code keys.db}, WAL mode), its folder owner-only.
 * One connection, used by one writer at a time: admin changes are rare, and requests never read the file.
 */
public final class SqliteKeyStore implements KeyStore {

    /** How long a statement waits for a lock held by another connection before it fails. */
    static final int BUSY_TIMEOUT_MS = 5_000;

    /** Every write takes the next change number, as on PostgreSQL (one writer here, so no lock is needed). */
    private static final String NEXT_REVISION = "(SELECT COALESCE(MAX(revision), 0) + 1 FROM keys)";

    private final Path file;
    private final Connection connection;

    private SqliteKeyStore(Path file, Connection connection) {
        this.file = file;
        this.connection = connection;
    }

    /**
     * Opens (or creates) the file and brings its tables up to date.
     *
     * @throws KeyStoreException when the folder or the file cannot be used
     */
    public static SqliteKeyStore open(Path file) {
        Path folder = file.toAbsolutePath().getParent();
        try {
            PrivateFolder.prepare(folder);
        } catch (IOException e) {
            throw new KeyStoreException("cannot create " + folder + ": " + e.getMessage(), e);
        }
        String url = "jdbc:sqlite:" + file.toAbsolutePath();
        KeySchema.migrate(url);
        SQLiteConfig config = new SQLiteConfig();
        config.setJournalMode(SQLiteConfig.JournalMode.WAL);
        // A key the admin API confirmed must survive a crash of the process, not only of the machine.
        config.setSynchronous(SQLiteConfig.SynchronousMode.FULL);
        config.setBusyTimeout(BUSY_TIMEOUT_MS);
        try {
            return new SqliteKeyStore(file, config.createConnection(url));
        } catch (SQLException e) {
            throw new KeyStoreException("cannot open the key store " + file + ": " + e.getMessage(), e);
        }
    }

    public Path file() {
        return file;
    }

    @Override
    public synchronized List<VirtualKey> loadAll() {
        List<VirtualKey> keys = new ArrayList<>();
        try (PreparedStatement s = connection.prepareStatement(
                "SELECT " + KeyRows.COLUMNS + " FROM keys ORDER BY created_at_ms, id");
             ResultSet rs = s.executeQuery()) {
            while (rs.next()) {
                keys.add(KeyRows.read(rs));
            }
            return keys;
        } catch (SQLException | JsonProcessingException e) {
            throw new KeyStoreException("cannot read the key store " + file + ": " + e.getMessage(), e);
        }
    }

    @Override
    public synchronized void insert(VirtualKey key) {
        write("INSERT INTO keys (" + KeyRows.COLUMNS + ", revision) VALUES (" + KeyRows.PLACEHOLDERS + ", "
                + NEXT_REVISION + ")", key, false);
    }

    @Override
    public synchronized void update(VirtualKey key) {
        write("UPDATE keys SET " + KeyRows.ASSIGNMENTS + ", revision = " + NEXT_REVISION + " WHERE id = ?", key,
                true);
    }

    private void write(String sql, VirtualKey key, boolean byId) {
        try (PreparedStatement s = connection.prepareStatement(sql)) {
            int next = KeyRows.bind(s, key);
            if (byId) {
                s.setString(next, key.id());
            }
            int rows = s.executeUpdate();
            if (rows != 1) {
                throw new SQLException("expected to write one row for key " + key.id() + ", wrote " + rows);
            }
        } catch (SQLException | JsonProcessingException e) {
            throw new KeyStoreException("cannot write key " + key.id() + " to " + file + ": " + e.getMessage(), e);
        }
    }

    @Override
    public synchronized void close() {
        try {
            connection.close();
        } catch (SQLException e) {
            throw new KeyStoreException("cannot close the key store " + file + ": " + e.getMessage(), e);
        }
    }
}
