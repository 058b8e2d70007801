package dev.reprise.gateway.ledger;

import dev.reprise.cache.PrivateFolder;
import org.sqlite.SQLiteConfig;

import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.List;

/**
 * The ledger's SQLite file: its one writing connection (WAL mode, so readers on their own connections never wait
 * for it), batch inserts in one transaction each, clients' feedback, and pruning by time. Used by the writer thread only.
 */
final class LedgerStore implements AutoCloseable {

    /** How long a statement waits for a lock held by another connection before it fails. */
    static final int BUSY_TIMEOUT_MS = 5_000;

    private static final String INSERT = """
            INSERT INTO requests (at_ms, request_id, tenant, key_id, requested_model, model, route, variant,
                variant_alias, provider, deployment, upstream_model, attempts, fallback_from, fallback_to,
                fallback_reason, tier, similarity, verifier_probability, cache_entry, coalesced, status, error_code,
                latency_ms, ttft_ms, input_tokens, output_tokens, token_source, cost_usd, saved_usd, stream, prompt,
                answer, kind, judged, pii_action, pii_types, pii_count, injection, injection_category, shadow_of,
                answer_similarity)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?,
                ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """;

    /** A client's request id may repeat within a tenant (it can send its own x-request-id): the latest row counts. */
    private static final String FEEDBACK_TARGET = """
            SELECT at_ms, model, variant_alias, variant FROM requests
            WHERE request_id = ? AND tenant = ? AND kind = 'chat' ORDER BY id DESC LIMIT 1
            """;
    private static final String FEEDBACK_UPSERT = """
            INSERT INTO feedback (tenant, request_id, at_ms, key_id, score, label, comment, request_at_ms, model,
                variant_alias, variant)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT (tenant, request_id) DO UPDATE SET at_ms = excluded.at_ms, key_id = excluded.key_id,
                score = excluded.score, label = excluded.label, comment = excluded.comment,
                request_at_ms = excluded.request_at_ms, model = excluded.model,
                variant_alias = excluded.variant_alias, variant = excluded.variant
            """;

    private final Path file;
    private final Connection connection;

    private LedgerStore(Path file, Connection connection) {
        this.file = file;
        this.connection = connection;
    }

    /**
     * Opens (or creates) the file, its folder owner-only (the rows name tenants, and may hold their text), and
     * brings its tables up to date.
     *
     * @throws LedgerException when the folder or the file cannot be used
     */
    static LedgerStore open(Path file) {
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
            return new LedgerStore(file, c);
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

    /** Writes the rows in one transaction: all or none. */
    void insert(List<LedgerRow> rows) throws SQLException {
        try (PreparedStatement s = connection.prepareStatement(INSERT)) {
            for (LedgerRow r : rows) {
                bind(s, r);
                s.addBatch();
            }
            s.executeBatch();
            connection.commit();
        } catch (SQLException e) {
            connection.rollback();
            throw e;
        }
    }

    /**
     * Writes the feedback for the tenant's request (replacing an earlier one), in one transaction, or writes nothing
     * and returns null when the tenant has no such request.
     */
    FeedbackReceipt feedback(Feedback f, Instant at) throws SQLException {
        try {
            long requestAt;
            String model;
            String variantAlias;
            String variant;
            try (PreparedStatement s = connection.prepareStatement(FEEDBACK_TARGET)) {
                s.setString(1, f.requestId());
                s.setString(2, f.tenant());
                try (ResultSet rs = s.executeQuery()) {
                    if (!rs.next()) {
                        connection.rollback();
                        return null;
                    }
                    requestAt = rs.getLong(1);
                    model = rs.getString(2);
                    variantAlias = rs.getString(3);
                    variant = rs.getString(4);
                }
            }
            boolean replaced;
            try (PreparedStatement s = connection.prepareStatement(
                    "SELECT 1 FROM feedback WHERE tenant = ? AND request_id = ?")) {
                s.setString(1, f.tenant());
                s.setString(2, f.requestId());
                try (ResultSet rs = s.executeQuery()) {
                    replaced = rs.next();
                }
            }
            try (PreparedStatement s = connection.prepareStatement(FEEDBACK_UPSERT)) {
                int i = 1;
                s.setString(i++, f.tenant());
                s.setString(i++, f.requestId());
                s.setLong(i++, at.toEpochMilli());
                s.setString(i++, f.keyId());
                setReal(s, i++, f.score());
                s.setString(i++, f.label());
                s.setString(i++, f.comment());
                s.setLong(i++, requestAt);
                s.setString(i++, model);
                s.setString(i++, variantAlias);
                s.setString(i, variant);
                s.executeUpdate();
            }
            connection.commit();
            return new FeedbackReceipt(f.requestId(), model, variantAlias, variant, replaced);
        } catch (SQLException e) {
            connection.rollback();
            throw e;
        }
    }

    /** Deletes the rows of requests that arrived before {@code cutoff}, and their feedback; returns how many requests. */
    int deleteBefore(Instant cutoff) throws SQLException {
        try (PreparedStatement s = connection.prepareStatement("DELETE FROM requests WHERE at_ms < ?");
             PreparedStatement fb = connection.prepareStatement("DELETE FROM feedback WHERE request_at_ms < ?")) {
            s.setLong(1, cutoff.toEpochMilli());
            int deleted = s.executeUpdate();
            fb.setLong(1, cutoff.toEpochMilli());
            fb.executeUpdate();
            connection.commit();
            return deleted;
        } catch (SQLException e) {
            connection.rollback();
            throw e;
        }
    }

    private static void bind(PreparedStatement s, LedgerRow r) throws SQLException {
        int i = 1;
        s.setLong(i++, r.atMillis());
        s.setString(i++, r.requestId());
        s.setString(i++, r.tenant());
        s.setString(i++, r.keyId());
        s.setString(i++, r.requestedModel());
        s.setString(i++, r.model());
        s.setString(i++, r.route());
        s.setString(i++, r.variant());
        s.setString(i++, r.variantAlias());
        s.setString(i++, r.provider());
        s.setString(i++, r.deployment());
        s.setString(i++, r.upstreamModel());
        s.setInt(i++, r.attempts());
        s.setString(i++, r.fallbackFrom());
        s.setString(i++, r.fallbackTo());
        s.setString(i++, r.fallbackReason());
        s.setString(i++, r.tier());
        setReal(s, i++, r.similarity());
        setReal(s, i++, r.verifierProbability());
        s.setString(i++, r.cacheEntry());
        s.setInt(i++, r.coalesced() ? 1 : 0);
        s.setInt(i++, r.status());
        s.setString(i++, r.errorCode());
        s.setDouble(i++, r.latencyMs());
        setReal(s, i++, r.ttftMs());
        s.setLong(i++, r.inputTokens());
        s.setLong(i++, r.outputTokens());
        s.setString(i++, r.tokenSource());
        s.setDouble(i++, r.costUsd());
        s.setDouble(i++, r.savedUsd());
        s.setInt(i++, r.stream() ? 1 : 0);
        s.setString(i++, r.prompt());
        s.setString(i++, r.answer());
        s.setString(i++, r.kind());
        s.setInt(i++, r.judged() ? 1 : 0);
        LedgerRow.Guardrail g = r.guardrail();
        s.setString(i++, g.piiAction());
        s.setString(i++, g.typesColumn());
        s.setInt(i++, g.piiCount());
        s.setString(i++, g.injection());
        s.setString(i++, g.injectionCategory());
        s.setString(i++, r.shadowOf());
        setReal(s, i, r.answerSimilarity());
    }

    private static void setReal(PreparedStatement s, int index, Number value) throws SQLException {
        if (value == null) {
            s.setNull(index, Types.REAL);
        } else if (value instanceof Float f) {
            // 0.91f as 0.91, not 0.9100000262: the float's own shortest decimal.
            s.setDouble(index, Double.parseDouble(Float.toString(f)));
        } else {
            s.setDouble(index, value.doubleValue());
        }
    }

    @Override
    public void close() throws SQLException {
        connection.close();
    }
}
