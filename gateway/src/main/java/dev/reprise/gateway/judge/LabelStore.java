package dev.reprise.gateway.judge;

import dev.reprise.cache.PrivateFolder;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.sqlite.SQLiteConfig;

import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The judge's labels in an SQLite file of their own ({@code judge.db} under data-dir), created and migrated by Flyway
 * from {@code db/judge} as the ledger's file is. One connection, used by one thread at a time.
 */
public final class LabelStore implements AutoCloseable {

    public static final String FILE = "judge.db";
    private static final String LOCATION = "classpath:db/judge";
    private static final int BUSY_TIMEOUT_MS = 5_000;
    private static final String COLUMNS = "at_ms, namespace, tenant, group_id, candidate_entry, alias_entry, "
            + "cached_question, new_question, similarity, same";

    private final Path file;
    private final Connection connection;

    private LabelStore(Path file, Connection connection) {
        this.file = file;
        this.connection = connection;
    }

    /**
     * Opens (or creates) the file, its folder owner-only (labels hold tenants' questions).
     *
     * @throws IllegalStateException when the file cannot be created, opened or migrated
     */
    public static LabelStore open(Path file) {
        Path folder = file.toAbsolutePath().getParent();
        String url = "jdbc:sqlite:" + file.toAbsolutePath();
        try {
            PrivateFolder.prepare(folder);
            Flyway.configure(LabelStore.class.getClassLoader()).dataSource(url, null, null).locations(LOCATION)
                    .load().migrate();
            SQLiteConfig config = new SQLiteConfig();
            config.setJournalMode(SQLiteConfig.JournalMode.WAL);
            config.setBusyTimeout(BUSY_TIMEOUT_MS);
            return new LabelStore(file, config.createConnection(url));
        } catch (IOException | SQLException | FlywayException e) {
            throw new IllegalStateException("cannot open the judge's labels " + file + ": " + e.getMessage(), e);
        }
    }

    public Path file() {
        return file;
    }

    public synchronized void add(JudgeLabel label) throws SQLException {
        try (PreparedStatement s = connection.prepareStatement("INSERT INTO labels (" + COLUMNS
                + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            int i = 1;
            s.setLong(i++, label.at().toEpochMilli());
            s.setString(i++, label.namespace());
            s.setString(i++, label.tenant());
            s.setString(i++, label.groupId());
            s.setString(i++, label.candidateEntry());
            s.setString(i++, label.aliasEntry());
            s.setString(i++, label.cachedQuestion());
            s.setString(i++, label.newQuestion());
            s.setDouble(i++, Double.parseDouble(Float.toString(label.similarity())));
            s.setInt(i, label.same() ? 1 : 0);
            s.executeUpdate();
        }
    }

    /** Every label, oldest first. */
    public synchronized List<JudgeLabel> all() throws SQLException {
        List<JudgeLabel> labels = new ArrayList<>();
        try (PreparedStatement s = connection.prepareStatement("SELECT " + COLUMNS + " FROM labels ORDER BY id");
             ResultSet rs = s.executeQuery()) {
            while (rs.next()) {
                labels.add(new JudgeLabel(Instant.ofEpochMilli(rs.getLong(1)), rs.getString(2), rs.getString(3),
                        rs.getString(4), rs.getString(5), rs.getString(6), rs.getString(7), rs.getString(8),
                        (float) rs.getDouble(9), rs.getInt(10) == 1));
            }
        }
        return labels;
    }

    @Override
    public synchronized void close() throws SQLException {
        connection.close();
    }
}
