package dev.reprise.gateway.ledger;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;

/**
 * The ledger's queries: usage by group, the list of requests, the similarity histogram, the guardrails' counts,
 * the variants' outcomes.
 * Each call opens its own read-only connection, so reads run in parallel with each other and, in SQLite's WAL mode,
 * never wait for the writer. The SQL is the same on SQLite and PostgreSQL but for the {@link LedgerDialect}'s
 * pieces, and groups are sorted here rather than by either database's collation, so both answer alike.
 * They run on the ledger's few reader threads: SQLite works in native code, which would hold a virtual thread's
 * carrier (one of the server's few) for the whole of a long query; the caller's virtual thread just waits.
 */
public final class LedgerReader {

    private static final String COLUMNS = """
            id, at_ms, request_id, tenant, key_id, requested_model, model, route, variant, variant_alias, provider,
            deployment, upstream_model, attempts, fallback_from, fallback_to, fallback_reason, tier, similarity,
            verifier_probability, cache_entry, coalesced, status, error_code, latency_ms, ttft_ms, input_tokens,
            output_tokens, token_source, cost_usd, saved_usd, stream, prompt, answer, kind, judged, pii_action,
            pii_types, pii_count, injection, injection_category, shadow_of, answer_similarity""";

    /** Sums of dollars are cut to this many decimals, so adding floats shows 6.21E-5, not 6.209999999999999E-5. */
    static final int MONEY_DECIMALS = 12;

    private final LedgerDatabase database;
    private final LedgerDialect dialect;
    /** The database as messages name it. */
    private final String where;
    private final ExecutorService threads;

    LedgerReader(LedgerDatabase database, ExecutorService threads) {
        this.database = database;
        this.dialect = database.dialect();
        this.where = database.describe();
        this.threads = threads;
    }

    /** Usage per group (and subgroup), sorted by group then subgroup. */
    public List<UsageRow> usage(UsageQuery q) {
        return onReader(() -> usageNow(q));
    }

    /** One page of requests, most recent first. */
    public RequestPage requests(RequestFilter f) {
        return onReader(() -> requestsNow(f));
    }

    /**
     * The histogram of best similarities in {@code bins} equal bins, from the lowest seen (floored to a tenth)
     * up to 1; {@code model} (the routed alias) or null for all.
     */
    public SimilarityHistogram similarity(Instant from, Instant to, String model, int bins) {
        return onReader(() -> similarityNow(from, to, model, bins));
    }

    /** What each key, tenant and alias spent per UTC day from {@code from} on (days with no cost are left out). */
    public List<DaySpend> spendByDay(Instant from) {
        return onReader(() -> spendByDayNow(from));
    }

    /** What the request guardrails did per UTC day: requests blocked, redacted, logged and flagged, and by kind. */
    public GuardrailReport guardrails(GuardrailFilter f) {
        return onReader(() -> {
            try (Connection c = connect()) {
                return GuardrailCounts.read(c, f);
            } catch (SQLException e) {
                throw new LedgerException("cannot read guardrail counts from " + where + ": " + e.getMessage(), e);
            }
        });
    }

    /** Each A/B variant's requests, cost, latency and the outcomes its clients reported, by alias then variant. */
    public List<VariantOutcome> variants(VariantFilter f) {
        return onReader(() -> {
            try (Connection c = connect()) {
                return VariantOutcomes.read(c, f, dialect);
            } catch (SQLException e) {
                throw new LedgerException("cannot read variant outcomes from " + where + ": " + e.getMessage(), e);
            }
        });
    }

    /**
     * Shadow calls against the client requests they copied, per primary and candidate alias and, with {@code bucket}
     * ({@link UsageDimension#HOUR} or {@link UsageDimension#DAY}), per UTC hour or day; {@code bar} is the answer
     * similarity at or above which a pair counts as alike.
     */
    public List<ShadowRow> shadow(Instant from, Instant to, UsageDimension bucket, double bar) {
        return onReader(() -> {
            try (Connection c = connect()) {
                return ShadowPairs.read(c, from, to, bucket == null ? null : bucket.sql(dialect), bar);
            } catch (SQLException e) {
                throw new LedgerException("cannot read shadow calls from " + where + ": " + e.getMessage(), e);
            }
        });
    }

    /** What shadow calls of requests that arrived from {@code from} on cost in all. */
    public double shadowSpentUsd(Instant from) {
        return onReader(() -> {
            try (Connection c = connect(); PreparedStatement s = c.prepareStatement(
                    "SELECT " + dialect.round("COALESCE(SUM(cost_usd), 0)", MONEY_DECIMALS)
                            + " FROM requests WHERE kind = 'shadow' AND at_ms >= ?")) {
                s.setLong(1, from.toEpochMilli());
                try (ResultSet rs = s.executeQuery()) {
                    return rs.next() ? rs.getDouble(1) : 0;
                }
            } catch (SQLException e) {
                throw new LedgerException("cannot read shadow spend from " + where + ": " + e.getMessage(), e);
            }
        });
    }

    private <T> T onReader(Callable<T> query) {
        Future<T> result;
        try {
            result = threads.submit(query);
        } catch (RejectedExecutionException e) {
            throw new LedgerException("the ledger is closed", e);
        }
        try {
            return result.get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw new LedgerException("cannot read the ledger " + where + ": " + e.getCause(), e.getCause());
        } catch (InterruptedException e) {
            result.cancel(true);
            Thread.currentThread().interrupt();
            throw new LedgerException("interrupted while reading the ledger", e);
        }
    }

    private List<UsageRow> usageNow(UsageQuery q) {
        String g1 = q.groupBy().get(0).sql(dialect);
        String g2 = q.groupBy().size() > 1 ? q.groupBy().get(1).sql(dialect) : "NULL";
        // Percentiles by nearest rank: the row whose rank is ceil(p * n), numbered within its group's client
        // requests. Judge calls (kind 'judge') count apart: their own calls and cost, inside cost_usd as well.
        // Shadow calls (kind 'shadow') are left out: their own report is shadow(), their own budget theirs.
        String sql = """
                WITH f AS (
                    SELECT %s AS g1, %s AS g2, kind, judged, tier, fallback_to, status, input_tokens, output_tokens,
                           cost_usd, saved_usd, latency_ms
                    FROM requests WHERE at_ms >= ? AND at_ms <= ? AND kind <> 'shadow'),
                r AS (
                    SELECT f.*, ROW_NUMBER() OVER (PARTITION BY g1, g2, kind ORDER BY latency_ms) AS rn,
                           COUNT(*) OVER (PARTITION BY g1, g2, kind) AS n
                    FROM f)
                SELECT g1, g2, %s,
                       %s, %s, %s,
                       %s, %s, SUM(input_tokens),
                       SUM(output_tokens), %s, %s,
                       MAX(CASE WHEN kind = 'chat' AND rn = (n * 50 + 99) / 100 THEN latency_ms END),
                       MAX(CASE WHEN kind = 'chat' AND rn = (n * 95 + 99) / 100 THEN latency_ms END),
                       %s, %s,
                       %s
                FROM r GROUP BY g1, g2
                """.formatted(g1, g2, count("kind = 'chat'"),
                count("tier IN ('hit-exact', 'hit-semantic')"), count("tier = 'hit-exact'"),
                count("tier = 'hit-semantic'"), count("fallback_to IS NOT NULL"),
                count("kind = 'chat' AND status <> 200"), money("SUM(cost_usd)"), money("SUM(saved_usd)"),
                count("kind = 'judge'"), money("SUM(CASE WHEN kind = 'judge' THEN cost_usd ELSE 0 END)"),
                money("SUM(CASE WHEN judged = 1 THEN saved_usd ELSE 0 END)"));
        try (Connection c = connect(); PreparedStatement s = c.prepareStatement(sql)) {
            s.setLong(1, q.from().toEpochMilli());
            s.setLong(2, q.to().toEpochMilli());
            List<UsageRow> rows = new ArrayList<>();
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    rows.add(new UsageRow(rs.getString(1), rs.getString(2), rs.getLong(3), rs.getLong(4),
                            rs.getLong(5), rs.getLong(6), rs.getLong(7), rs.getLong(8), rs.getLong(9), rs.getLong(10),
                            rs.getDouble(11), rs.getDouble(12), rs.getDouble(13), rs.getDouble(14), rs.getLong(15),
                            rs.getDouble(16), rs.getDouble(17)));
                }
            }
            rows.sort(Comparator.comparing(UsageRow::group, Comparator.nullsFirst(Comparator.<String>naturalOrder()))
                    .thenComparing(UsageRow::subgroup, Comparator.nullsFirst(Comparator.<String>naturalOrder())));
            return rows;
        } catch (SQLException e) {
            throw new LedgerException("cannot read usage from " + where + ": " + e.getMessage(), e);
        }
    }

    private List<DaySpend> spendByDayNow(Instant from) {
        String sql = """
                SELECT at_ms / 86400000, key_id, tenant, model, CASE WHEN kind = 'judge' THEN 1 ELSE 0 END, %s
                FROM requests WHERE at_ms >= ? AND cost_usd > 0 AND kind <> 'shadow'
                GROUP BY 1, 2, 3, 4, 5
                """.formatted(money("SUM(cost_usd)"));
        try (Connection c = connect(); PreparedStatement s = c.prepareStatement(sql)) {
            s.setLong(1, from.toEpochMilli());
            List<DaySpend> rows = new ArrayList<>();
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    rows.add(new DaySpend(LocalDate.ofEpochDay(rs.getLong(1)), rs.getString(2), rs.getString(3),
                            rs.getString(4), rs.getInt(5) != 0, rs.getDouble(6)));
                }
            }
            return rows;
        } catch (SQLException e) {
            throw new LedgerException("cannot read spend from " + where + ": " + e.getMessage(), e);
        }
    }

    private RequestPage requestsNow(RequestFilter f) {
        StringBuilder where = new StringBuilder("at_ms >= ? AND at_ms <= ?");
        List<Object> args = new ArrayList<>(List.of(f.from().toEpochMilli(), f.to().toEpochMilli()));
        if (f.model() != null) {
            where.append(" AND model = ?");
            args.add(f.model());
        }
        if (f.tenant() != null) {
            where.append(" AND tenant = ?");
            args.add(f.tenant());
        }
        if (f.status() != null) {
            where.append(" AND status = ?");
            args.add(f.status());
        }
        if (f.errors() != null) {
            where.append(f.errors() ? " AND status <> 200" : " AND status = 200");
        }
        if (f.fallback() != null) {
            where.append(f.fallback() ? " AND fallback_to IS NOT NULL" : " AND fallback_to IS NULL");
        }
        if (f.tier() != null) {
            where.append(" AND tier = ?");
            args.add(f.tier());
        }
        if (f.before() != null) {
            where.append(" AND (at_ms < ? OR (at_ms = ? AND id < ?))");
            args.addAll(List.of(f.before().atMillis(), f.before().atMillis(), f.before().id()));
        }
        String sql = "SELECT " + COLUMNS + " FROM requests WHERE " + where + " ORDER BY at_ms DESC, id DESC LIMIT ?";
        args.add(f.limit() + 1);
        try (Connection c = connect(); PreparedStatement s = c.prepareStatement(sql)) {
            for (int i = 0; i < args.size(); i++) {
                s.setObject(i + 1, args.get(i));
            }
            List<LedgerRow> rows = new ArrayList<>();
            RequestCursor last = null;
            RequestCursor next = null;
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    if (rows.size() == f.limit()) {
                        next = last;
                        break;
                    }
                    rows.add(row(rs));
                    last = new RequestCursor(rs.getLong("at_ms"), rs.getLong("id"));
                }
            }
            return new RequestPage(rows, next);
        } catch (SQLException e) {
            throw new LedgerException("cannot read requests from " + where + ": " + e.getMessage(), e);
        }
    }

    private SimilarityHistogram similarityNow(Instant from, Instant to, String model, int bins) {
        String where = "at_ms >= ? AND at_ms <= ? AND similarity IS NOT NULL" + (model == null ? "" : " AND model = ?");
        try (Connection c = connect()) {
            double min;
            long lookups;
            try (PreparedStatement s = c.prepareStatement("SELECT MIN(similarity), COUNT(*) FROM requests WHERE "
                    + where)) {
                bind(s, from, to, model);
                try (ResultSet rs = s.executeQuery()) {
                    rs.next();
                    lookups = rs.getLong(2);
                    min = rs.getDouble(1);
                }
            }
            if (lookups == 0) {
                return new SimilarityHistogram(List.of(), 0);
            }
            // A floor on a tenth keeps bin edges round (0.80, 0.81, ...); below 0.9 so the range is never empty.
            double low = Math.max(-1, Math.min(Math.floor(min * 10) / 10, 0.9));
            double width = (1 - low) / bins;
            long[] counts = new long[bins];
            try (PreparedStatement s = c.prepareStatement("SELECT " + dialect.truncate("(similarity - ?) / ?")
                    + ", COUNT(*) FROM requests WHERE " + where + " GROUP BY 1")) {
                s.setDouble(1, low);
                s.setDouble(2, width);
                s.setLong(3, from.toEpochMilli());
                s.setLong(4, to.toEpochMilli());
                if (model != null) {
                    s.setString(5, model);
                }
                try (ResultSet rs = s.executeQuery()) {
                    while (rs.next()) {
                        // A similarity of exactly 1 (or a rounding hair above) belongs to the last bin.
                        int bin = (int) Math.max(0, Math.min(bins - 1, rs.getLong(1)));
                        counts[bin] += rs.getLong(2);
                    }
                }
            }
            List<SimilarityHistogram.Bin> out = new ArrayList<>(bins);
            for (int i = 0; i < bins; i++) {
                out.add(new SimilarityHistogram.Bin(round(low + i * width), round(low + (i + 1) * width), counts[i]));
            }
            return new SimilarityHistogram(out, lookups);
        } catch (SQLException e) {
            throw new LedgerException("cannot read similarities from " + where + ": " + e.getMessage(), e);
        }
    }

    private static void bind(PreparedStatement s, Instant from, Instant to, String model)
            throws SQLException {
        s.setLong(1, from.toEpochMilli());
        s.setLong(2, to.toEpochMilli());
        if (model != null) {
            s.setString(3, model);
        }
    }

    private static double round(double edge) {
        return Math.round(edge * 1e6) / 1e6;
    }

    private static LedgerRow row(ResultSet rs) throws SQLException {
        return new LedgerRow(rs.getLong("at_ms"), rs.getString("request_id"), rs.getString("tenant"),
                rs.getString("key_id"), rs.getString("requested_model"), rs.getString("model"), rs.getString("route"),
                rs.getString("variant"), rs.getString("variant_alias"), rs.getString("provider"),
                rs.getString("deployment"), rs.getString("upstream_model"), rs.getInt("attempts"),
                rs.getString("fallback_from"), rs.getString("fallback_to"), rs.getString("fallback_reason"),
                rs.getString("tier"), floatOrNull(rs, "similarity"), floatOrNull(rs, "verifier_probability"),
                rs.getString("cache_entry"), rs.getInt("coalesced") != 0, rs.getInt("status"),
                rs.getString("error_code"), rs.getDouble("latency_ms"), doubleOrNull(rs, "ttft_ms"),
                rs.getLong("input_tokens"), rs.getLong("output_tokens"), rs.getString("token_source"),
                rs.getDouble("cost_usd"), rs.getDouble("saved_usd"), rs.getInt("stream") != 0,
                rs.getString("prompt"), rs.getString("answer"), rs.getString("kind"), rs.getInt("judged") != 0,
                new LedgerRow.Guardrail(rs.getString("pii_action"),
                        LedgerRow.Guardrail.typesOf(rs.getString("pii_types")), rs.getInt("pii_count"),
                        rs.getString("injection"), rs.getString("injection_category")),
                rs.getString("shadow_of"), floatOrNull(rs, "answer_similarity"));
    }

    private static Float floatOrNull(ResultSet rs, String column) throws SQLException {
        double v = rs.getDouble(column);
        return rs.wasNull() ? null : (float) v;
    }

    private static Double doubleOrNull(ResultSet rs, String column) throws SQLException {
        double v = rs.getDouble(column);
        return rs.wasNull() ? null : v;
    }

    private Connection connect() throws SQLException {
        try {
            return database.reader();
        } catch (SQLException e) {
            database.lost(e);
            throw e;
        }
    }

    /** How many rows of the group meet {@code condition}: a sum of 0s and 1s, as both databases count it. */
    private static String count(String condition) {
        return "SUM(CASE WHEN " + condition + " THEN 1 ELSE 0 END)";
    }

    private String money(String sum) {
        return dialect.round(sum, MONEY_DECIMALS);
    }
}
