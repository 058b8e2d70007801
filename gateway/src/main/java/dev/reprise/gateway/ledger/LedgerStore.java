package dev.reprise.gateway.ledger;

import dev.reprise.gateway.cluster.PostgresLink;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.List;

/**
 * The ledger's writes, in SQL both backends accept: batch inserts in one transaction each (a row whose key is
 * already there is skipped, so a batch written twice counts once), clients' feedback, and pruning by time. Used by
 * the writer thread only.
 */
final class LedgerStore implements AutoCloseable {

    /** The columns an insert binds, in order; {@link #values} gives a row's values in the same order. */
    static final String INSERT = """
            INSERT INTO requests (row_key, at_ms, request_id, tenant, key_id, requested_model, model, route, variant,
                variant_alias, provider, deployment, upstream_model, attempts, fallback_from, fallback_to,
                fallback_reason, tier, similarity, verifier_probability, cache_entry, coalesced, status, error_code,
                latency_ms, ttft_ms, input_tokens, output_tokens, token_source, cost_usd, saved_usd, stream, prompt,
                answer, kind, judged, pii_action, pii_types, pii_count, injection, injection_category, shadow_of,
                answer_similarity)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?,
                ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT (row_key) DO NOTHING
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

    @FunctionalInterface
    private interface Work<T> {
        T run(Connection c) throws SQLException;
    }

    private final LedgerDatabase database;

    LedgerStore(LedgerDatabase database) {
        this.database = database;
    }

    /** The SQLite file's store, the file created or migrated first. @throws LedgerException when it cannot be used */
    static LedgerStore open(Path file) {
        return new LedgerStore(SqliteLedgerFile.open(file));
    }

    /** The cluster's store, in the PostgreSQL that {@code link} reaches. */
    static LedgerStore onPostgres(PostgresLink link) {
        return new LedgerStore(new PostgresLedger(link));
    }

    static String url(Path file) {
        return SqliteLedgerFile.url(file);
    }

    LedgerDatabase database() {
        return database;
    }

    /** Writes the rows in one transaction: all or none; rows whose key is already written are skipped. */
    void insert(List<KeyedRow> rows) throws SQLException {
        inTransaction(c -> {
            try (PreparedStatement s = c.prepareStatement(INSERT)) {
                for (KeyedRow r : rows) {
                    bind(s, r.values());
                    s.addBatch();
                }
                s.executeBatch();
            }
            return null;
        });
    }

    /**
     * Writes the feedback for the tenant's request (replacing an earlier one), in one transaction, or writes nothing
     * and returns null when the tenant has no such request.
     */
    FeedbackReceipt feedback(Feedback f, Instant at) throws SQLException {
        return inTransaction(c -> {
            long requestAt;
            String model;
            String variantAlias;
            String variant;
            try (PreparedStatement s = c.prepareStatement(FEEDBACK_TARGET)) {
                s.setString(1, f.requestId());
                s.setString(2, f.tenant());
                try (ResultSet rs = s.executeQuery()) {
                    if (!rs.next()) {
                        return null;
                    }
                    requestAt = rs.getLong(1);
                    model = rs.getString(2);
                    variantAlias = rs.getString(3);
                    variant = rs.getString(4);
                }
            }
            boolean replaced;
            try (PreparedStatement s = c.prepareStatement(
                    "SELECT 1 FROM feedback WHERE tenant = ? AND request_id = ?")) {
                s.setString(1, f.tenant());
                s.setString(2, f.requestId());
                try (ResultSet rs = s.executeQuery()) {
                    replaced = rs.next();
                }
            }
            try (PreparedStatement s = c.prepareStatement(FEEDBACK_UPSERT)) {
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
            return new FeedbackReceipt(f.requestId(), model, variantAlias, variant, replaced);
        });
    }

    /** Deletes the rows of requests that arrived before {@code cutoff}, and their feedback; returns how many requests. */
    int deleteBefore(Instant cutoff) throws SQLException {
        return inTransaction(c -> {
            try (PreparedStatement s = c.prepareStatement("DELETE FROM requests WHERE at_ms < ?");
                 PreparedStatement fb = c.prepareStatement("DELETE FROM feedback WHERE request_at_ms < ?")) {
                s.setLong(1, cutoff.toEpochMilli());
                int deleted = s.executeUpdate();
                fb.setLong(1, cutoff.toEpochMilli());
                fb.executeUpdate();
                return deleted;
            }
        });
    }

    /** Runs {@code work} in one transaction on a writing connection: committed when it returns, else rolled back. */
    private <T> T inTransaction(Work<T> work) throws SQLException {
        Connection c = database.writer();
        try {
            T result = work.run(c);
            c.commit();
            return result;
        } catch (SQLException | RuntimeException e) {
            try {
                c.rollback();
            } catch (SQLException lost) {
                e.addSuppressed(lost);
            }
            throw e;
        } finally {
            database.release(c);
        }
    }

    /**
     * A row's values in {@link #INSERT}'s order after its key: numbers, text and nulls only (flags as 0 or 1, floats
     * as their shortest decimal), so the same list binds on either backend and round-trips through JSON on disk.
     */
    static Object[] values(LedgerRow r) {
        LedgerRow.Guardrail g = r.guardrail();
        return new Object[] {
            r.atMillis(), r.requestId(), r.tenant(), r.keyId(), r.requestedModel(), r.model(), r.route(), r.variant(),
            r.variantAlias(), r.provider(), r.deployment(), r.upstreamModel(), r.attempts(), r.fallbackFrom(),
            r.fallbackTo(), r.fallbackReason(), r.tier(), real(r.similarity()), real(r.verifierProbability()),
            r.cacheEntry(), r.coalesced() ? 1 : 0, r.status(), r.errorCode(), r.latencyMs(), real(r.ttftMs()),
            r.inputTokens(), r.outputTokens(), r.tokenSource(), r.costUsd(), r.savedUsd(), r.stream() ? 1 : 0,
            r.prompt(), r.answer(), r.kind(), r.judged() ? 1 : 0, g.piiAction(), g.typesColumn(), g.piiCount(),
            g.injection(), g.injectionCategory(), r.shadowOf(), real(r.answerSimilarity())
        };
    }

    private static void bind(PreparedStatement s, List<Object> values) throws SQLException {
        for (int i = 0; i < values.size(); i++) {
            Object v = values.get(i);
            switch (v) {
                case null -> s.setNull(i + 1, Types.NULL);
                case String t -> s.setString(i + 1, t);
                case Double d -> s.setDouble(i + 1, d);
                case Number n -> s.setLong(i + 1, n.longValue());
                default -> throw new IllegalArgumentException("not a ledger value: " + v.getClass());
            }
        }
    }

    private static Double real(Number value) {
        if (value == null) {
            return null;
        }
        // 0.91f as 0.91, not 0.9100000262: the float's own shortest decimal.
        return value instanceof Float f ? Double.parseDouble(Float.toString(f)) : value.doubleValue();
    }

    private static void setReal(PreparedStatement s, int index, Number value) throws SQLException {
        Double d = real(value);
        if (d == null) {
            s.setNull(index, Types.DOUBLE);
        } else {
            s.setDouble(index, d);
        }
    }

    @Override
    public void close() throws SQLException {
        database.close();
    }
}
