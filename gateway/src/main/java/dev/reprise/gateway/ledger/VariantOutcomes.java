package dev.reprise.gateway.ledger;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The variant report's queries, on a reader's connection: the clients' requests per variant, then the feedback
 * given on them, joined in memory by (alias, variant). Rows without a variant and judge calls are left out.
 * Written in SQL that SQLite and PostgreSQL both accept, but for the rounding of dollars.
 */
final class VariantOutcomes {

    private static final String REQUESTS = """
            WITH f AS (
                SELECT variant_alias, variant, status, tier, input_tokens, output_tokens, cost_usd, latency_ms
                FROM requests
                WHERE at_ms >= ? AND at_ms <= ? AND kind = 'chat' AND variant IS NOT NULL %s),
            r AS (
                SELECT f.*, ROW_NUMBER() OVER (PARTITION BY variant_alias, variant ORDER BY latency_ms) AS rn,
                       COUNT(*) OVER (PARTITION BY variant_alias, variant) AS n
                FROM f)
            SELECT variant_alias, variant, COUNT(*), SUM(CASE WHEN status <> 200 THEN 1 ELSE 0 END),
                   SUM(CASE WHEN tier IN ('hit-exact', 'hit-semantic') THEN 1 ELSE 0 END),
                   SUM(input_tokens), SUM(output_tokens), %s,
                   MAX(CASE WHEN rn = (n * 50 + 99) / 100 THEN latency_ms END),
                   MAX(CASE WHEN rn = (n * 95 + 99) / 100 THEN latency_ms END)
            FROM r GROUP BY 1, 2
            """;
    private static final String SCORES = """
            SELECT variant_alias, variant, COUNT(*), COUNT(score), AVG(score) FROM feedback
            WHERE request_at_ms >= ? AND request_at_ms <= ? AND variant IS NOT NULL %s
            GROUP BY 1, 2
            """;
    private static final String LABELS = """
            SELECT variant_alias, variant, label, COUNT(*) FROM feedback
            WHERE request_at_ms >= ? AND request_at_ms <= ? AND variant IS NOT NULL AND label IS NOT NULL %s
            GROUP BY 1, 2, 3
            """;

    private VariantOutcomes() {
    }

    static List<VariantOutcome> read(Connection c, VariantFilter f, LedgerDialect dialect) throws SQLException {
        String alias = f.alias() == null ? "" : "AND variant_alias = ?";
        Map<String, Scores> scores = new HashMap<>();
        try (PreparedStatement s = prepare(c, SCORES.formatted(alias), f); ResultSet rs = s.executeQuery()) {
            while (rs.next()) {
                double mean = rs.getDouble(5);
                Double meanOrNull = rs.wasNull() ? null : mean;
                scores.put(key(rs.getString(1), rs.getString(2)), new Scores(rs.getLong(3), rs.getLong(4), meanOrNull));
            }
        }
        Map<String, Map<String, Long>> labels = new HashMap<>();
        try (PreparedStatement s = prepare(c, LABELS.formatted(alias), f); ResultSet rs = s.executeQuery()) {
            while (rs.next()) {
                labels.computeIfAbsent(key(rs.getString(1), rs.getString(2)), k -> new LinkedHashMap<>())
                        .put(rs.getString(3), rs.getLong(4));
            }
        }
        List<VariantOutcome> out = new ArrayList<>();
        String requests = REQUESTS.formatted(alias, dialect.round("SUM(cost_usd)", LedgerReader.MONEY_DECIMALS));
        try (PreparedStatement s = prepare(c, requests, f); ResultSet rs = s.executeQuery()) {
            while (rs.next()) {
                String key = key(rs.getString(1), rs.getString(2));
                Scores sc = scores.getOrDefault(key, Scores.NONE);
                out.add(new VariantOutcome(rs.getString(1), rs.getString(2), rs.getLong(3), rs.getLong(4),
                        rs.getLong(5), rs.getLong(6), rs.getLong(7), rs.getDouble(8), rs.getDouble(9),
                        rs.getDouble(10), sc.given(), sc.scored(), sc.mean(), labels.getOrDefault(key, Map.of())));
            }
        }
        // Sorted here, not by the database's collation, so SQLite and PostgreSQL list them alike.
        out.sort(java.util.Comparator.comparing(VariantOutcome::alias).thenComparing(VariantOutcome::variant));
        return out;
    }

    private static PreparedStatement prepare(Connection c, String sql, VariantFilter f) throws SQLException {
        PreparedStatement s = c.prepareStatement(sql);
        s.setLong(1, f.from().toEpochMilli());
        s.setLong(2, f.to().toEpochMilli());
        if (f.alias() != null) {
            s.setString(3, f.alias());
        }
        return s;
    }

    private static String key(String alias, String variant) {
        return alias + '\u0000' + variant;
    }

    private record Scores(long given, long scored, Double mean) {
        static final Scores NONE = new Scores(0, 0, null);
    }
}
