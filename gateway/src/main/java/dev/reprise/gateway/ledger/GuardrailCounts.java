package dev.reprise.gateway.ledger;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The guardrail report's query. SQLite groups the rows a guardrail acted on by day and by their guardrail columns;
 * the comma-joined PII kinds are split here, since one request may count under several kinds.
 */
final class GuardrailCounts {

    /** Must stay the same text as the partial index {@code requests_guardrail_at}'s, so SQLite can use it. */
    private static final String ACTED = "(pii_action IS NOT NULL OR injection IS NOT NULL)";
    private static final String BLOCK = "block";

    private GuardrailCounts() {
    }

    static GuardrailReport read(Connection c, GuardrailFilter f) throws SQLException {
        List<Object> args = new ArrayList<>();
        String sql = sql(f, args);
        Map<LocalDate, Totals> days = new TreeMap<>();
        Map<Key, Long> counts = new TreeMap<>(Key.ORDER);
        try (PreparedStatement s = c.prepareStatement(sql)) {
            for (int i = 0; i < args.size(); i++) {
                s.setObject(i + 1, args.get(i));
            }
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    LocalDate day = LocalDate.ofEpochDay(rs.getLong(1));
                    String pii = rs.getString(2);
                    String injection = rs.getString(4);
                    long n = rs.getLong(6);
                    days.computeIfAbsent(day, d -> new Totals()).add(pii, injection, n);
                    if (pii != null) {
                        for (String type : LedgerRow.Guardrail.typesOf(rs.getString(3))) {
                            counts.merge(new Key(day, GuardrailReport.PII, pii, type), n, Long::sum);
                        }
                    }
                    if (injection != null) {
                        String category = rs.getString(5);
                        counts.merge(new Key(day, GuardrailReport.INJECTION, injection,
                                category == null ? UsageDimension.NONE : category), n, Long::sum);
                    }
                }
            }
        }
        List<GuardrailReport.Day> dayRows = new ArrayList<>();
        days.forEach((day, t) -> dayRows.add(new GuardrailReport.Day(day, t.blocked, t.redacted, t.logged,
                t.flagged)));
        List<GuardrailReport.Count> countRows = new ArrayList<>();
        counts.forEach((k, n) -> countRows.add(new GuardrailReport.Count(k.day, k.guardrail, k.action, k.type, n)));
        return new GuardrailReport(dayRows, countRows);
    }

    /** The query for {@code f}, whose parameters it adds to {@code args}. */
    static String sql(GuardrailFilter f, List<Object> args) {
        StringBuilder where = new StringBuilder(ACTED + " AND at_ms >= ? AND at_ms <= ?");
        args.add(f.from().toEpochMilli());
        args.add(f.to().toEpochMilli());
        if (f.model() != null) {
            where.append(" AND model = ?");
            args.add(f.model());
        }
        if (f.tenant() != null) {
            where.append(" AND tenant = ?");
            args.add(f.tenant());
        }
        return "SELECT at_ms / 86400000, pii_action, pii_types, injection, injection_category, COUNT(*)"
                + " FROM requests WHERE " + where + " GROUP BY 1, 2, 3, 4, 5";
    }

    private record Key(LocalDate day, String guardrail, String action, String type) {
        static final Comparator<Key> ORDER = Comparator.comparing(Key::day).thenComparing(Key::guardrail)
                .thenComparing(Key::action).thenComparing(Key::type);
    }

    /** One day's requests by action; a request both guardrails blocked counts once. */
    private static final class Totals {
        long blocked;
        long redacted;
        long logged;
        long flagged;

        void add(String pii, String injection, long n) {
            if (BLOCK.equals(pii) || BLOCK.equals(injection)) {
                blocked += n;
            }
            if ("redact".equals(pii)) {
                redacted += n;
            }
            if ("log".equals(pii)) {
                logged += n;
            }
            if ("flag".equals(injection)) {
                flagged += n;
            }
        }
    }
}
