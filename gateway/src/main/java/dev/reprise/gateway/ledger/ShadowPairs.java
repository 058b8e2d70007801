package dev.reprise.gateway.ledger;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Reads shadow rows with the client request each one copied (same request id and arrival) and sums them per primary
 * alias, candidate alias and, when asked, hour or day. The sums are made here rather than in SQL: shadow rows are a
 * small share of the ledger, and two percentiles per side are plainer in Java.
 */
final class ShadowPairs {

    private ShadowPairs() {
    }

    /** @param bucket the SQL of {@link UsageDimension#HOUR} or {@link UsageDimension#DAY}, or null for the whole range */
    static List<ShadowRow> read(Connection c, Instant from, Instant to, String bucket, double bar)
            throws SQLException {
        String sql = """
                SELECT p.model, s.model, s.bucket, p.status, p.latency_ms, p.input_tokens, p.output_tokens, p.cost_usd,
                       s.status, s.latency_ms, s.input_tokens, s.output_tokens, s.cost_usd, s.answer_similarity
                FROM (SELECT *, %s AS bucket FROM requests WHERE kind = 'shadow' AND at_ms >= ? AND at_ms <= ?) s
                JOIN requests p ON p.request_id = s.shadow_of AND p.at_ms = s.at_ms AND p.kind = 'chat'
                """.formatted(bucket == null ? "NULL" : bucket);
        Map<List<String>, Group> groups = new TreeMap<>((a, b) -> Arrays.compare(
                a.stream().map(v -> v == null ? "" : v).toArray(String[]::new),
                b.stream().map(v -> v == null ? "" : v).toArray(String[]::new)));
        try (PreparedStatement s = c.prepareStatement(sql)) {
            s.setLong(1, from.toEpochMilli());
            s.setLong(2, to.toEpochMilli());
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    List<String> key = Arrays.asList(none(rs.getString(1)), none(rs.getString(2)), rs.getString(3));
                    Group g = groups.computeIfAbsent(key, k -> new Group());
                    g.primary.add(rs.getInt(4), rs.getDouble(5), rs.getLong(6), rs.getLong(7), rs.getDouble(8));
                    g.candidate.add(rs.getInt(9), rs.getDouble(10), rs.getLong(11), rs.getLong(12), rs.getDouble(13));
                    double sim = rs.getDouble(14);
                    if (!rs.wasNull()) {
                        g.compared++;
                        g.similaritySum += sim;
                        if (sim >= bar) {
                            g.alike++;
                        }
                    }
                }
            }
        }
        List<ShadowRow> out = new ArrayList<>();
        groups.forEach((key, g) -> out.add(new ShadowRow(key.get(0), key.get(1), key.get(2), g.primary.latencies.size(),
                g.primary.side(), g.candidate.side(), g.compared == 0 ? null : round(g.similaritySum / g.compared),
                g.compared, g.alike)));
        return out;
    }

    private static String none(String v) {
        return v == null ? UsageDimension.NONE : v;
    }

    private static double round(double v) {
        return Math.round(v * 1e6) / 1e6;
    }

    private static final class Group {
        final Sums primary = new Sums();
        final Sums candidate = new Sums();
        long compared;
        long alike;
        double similaritySum;
    }

    private static final class Sums {
        final List<Double> latencies = new ArrayList<>();
        long errors;
        long input;
        long output;
        double cost;

        void add(int status, double latencyMs, long in, long out, double usd) {
            if (status != 200) {
                errors++;
            }
            latencies.add(latencyMs);
            input += in;
            output += out;
            cost += usd;
        }

        ShadowRow.Side side() {
            List<Double> sorted = latencies.stream().sorted().toList();
            return new ShadowRow.Side(errors, rank(sorted, 50), rank(sorted, 95), input, output,
                    Math.round(cost * 1e12) / 1e12);
        }

        /** Nearest rank: the value whose rank is ceil(p * n / 100). */
        private static double rank(List<Double> sorted, int p) {
            return sorted.isEmpty() ? 0 : sorted.get((sorted.size() * p + 99) / 100 - 1);
        }
    }
}
