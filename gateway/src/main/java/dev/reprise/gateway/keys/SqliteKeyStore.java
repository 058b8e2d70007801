package dev.reprise.gateway.keys;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.reprise.cache.PrivateFolder;
import dev.reprise.gateway.auth.KeyGrant;
import dev.reprise.gateway.budget.Budget;
import dev.reprise.gateway.budget.BudgetPeriod;
import dev.reprise.gateway.limits.RateLimits;
import org.sqlite.SQLiteConfig;

import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * The key store in its own SQLite file under {@code data-dir} ({@code keys.db}, WAL mode), its folder owner-only.
 * One connection, used by one writer at a time: admin changes are rare, and requests never read the file.
 */
public final class SqliteKeyStore implements KeyStore {

    /** How long a statement waits for a lock held by another connection before it fails. */
    static final int BUSY_TIMEOUT_MS = 5_000;

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String COLUMNS = """
            id, name, tenant, models, expires_at_ms, metadata, rpm, tpm, budget_usd, budget_period,
            budget_soft_limit, created_at_ms, revoked_at_ms, secret_sha256, previous_sha256, previous_valid_until_ms""";

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
                "SELECT " + COLUMNS + " FROM keys ORDER BY created_at_ms, id");
             ResultSet rs = s.executeQuery()) {
            while (rs.next()) {
                keys.add(read(rs));
            }
            return keys;
        } catch (SQLException | JsonProcessingException e) {
            throw new KeyStoreException("cannot read the key store " + file + ": " + e.getMessage(), e);
        }
    }

    @Override
    public synchronized void insert(VirtualKey key) {
        write("INSERT INTO keys (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", key, false);
    }

    @Override
    public synchronized void update(VirtualKey key) {
        write("""
                UPDATE keys SET id = ?, name = ?, tenant = ?, models = ?, expires_at_ms = ?, metadata = ?, rpm = ?,
                    tpm = ?, budget_usd = ?, budget_period = ?, budget_soft_limit = ?, created_at_ms = ?,
                    revoked_at_ms = ?, secret_sha256 = ?, previous_sha256 = ?, previous_valid_until_ms = ?
                WHERE id = ?""", key, true);
    }

    private void write(String sql, VirtualKey key, boolean byId) {
        try (PreparedStatement s = connection.prepareStatement(sql)) {
            int next = bind(s, key);
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

    private static int bind(PreparedStatement s, VirtualKey k) throws SQLException, JsonProcessingException {
        KeySpec spec = k.spec();
        KeyGrant grant = spec.grant();
        Budget budget = grant.budget();
        int i = 1;
        s.setString(i++, k.id());
        s.setString(i++, spec.name());
        s.setString(i++, spec.tenant());
        s.setString(i++, JSON.writeValueAsString(new TreeSet<>(grant.models())));
        setMillis(s, i++, spec.expiresAt());
        s.setString(i++, JSON.writeValueAsString(spec.metadata()));
        s.setLong(i++, grant.limits().rpm());
        s.setLong(i++, grant.limits().tpm());
        if (budget == null) {
            s.setNull(i++, Types.REAL);
            s.setNull(i++, Types.VARCHAR);
            s.setNull(i++, Types.REAL);
        } else {
            s.setDouble(i++, budget.usd());
            s.setString(i++, budget.period().label());
            s.setDouble(i++, budget.softLimit());
        }
        setMillis(s, i++, k.createdAt());
        setMillis(s, i++, k.revokedAt());
        s.setString(i++, k.secretHash());
        s.setString(i++, k.previousHash());
        setMillis(s, i++, k.previousValidUntil());
        return i;
    }

    private static VirtualKey read(ResultSet rs) throws SQLException, JsonProcessingException {
        List<String> models = JSON.readValue(rs.getString("models"), new TypeReference<>() {
        });
        Map<String, String> metadata = JSON.readValue(rs.getString("metadata"), new TypeReference<>() {
        });
        double usd = rs.getDouble("budget_usd");
        Budget budget = rs.wasNull() ? null : new Budget(usd,
                BudgetPeriod.parse("budget_period", rs.getString("budget_period")), rs.getDouble("budget_soft_limit"));
        KeyGrant grant = new KeyGrant(new TreeSet<>(models),
                new RateLimits(rs.getLong("rpm"), rs.getLong("tpm")), budget);
        KeySpec spec = new KeySpec(rs.getString("name"), rs.getString("tenant"), grant, millis(rs, "expires_at_ms"),
                metadata);
        return new VirtualKey(rs.getString("id"), spec, millis(rs, "created_at_ms"), millis(rs, "revoked_at_ms"),
                rs.getString("secret_sha256"), rs.getString("previous_sha256"),
                millis(rs, "previous_valid_until_ms"));
    }

    private static void setMillis(PreparedStatement s, int index, Instant at) throws SQLException {
        if (at == null) {
            s.setNull(index, Types.INTEGER);
        } else {
            s.setLong(index, at.toEpochMilli());
        }
    }

    private static Instant millis(ResultSet rs, String column) throws SQLException {
        long ms = rs.getLong(column);
        return rs.wasNull() ? null : Instant.ofEpochMilli(ms);
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
