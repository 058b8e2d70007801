package dev.reprise.gateway.keys;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.reprise.gateway.auth.KeyGrant;
import dev.reprise.gateway.budget.Budget;
import dev.reprise.gateway.budget.BudgetPeriod;
import dev.reprise.gateway.limits.RateLimits;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * One {@link VirtualKey} as a row of the {@code keys} table, the same on SQLite and PostgreSQL: the columns, how a
 * key fills a statement's parameters and how a row reads back.
 */
final class KeyRows {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** The columns a key fills, in {@link #bind} order (the {@code revision} is the store's). */
    static final String COLUMNS = """
            id, name, tenant, models, expires_at_ms, metadata, rpm, tpm, budget_usd, budget_period,
            budget_soft_limit, created_at_ms, revoked_at_ms, secret_sha256, previous_sha256, previous_valid_until_ms""";
    static final String PLACEHOLDERS = "?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?";
    /** {@link #COLUMNS} as an {@code UPDATE}'s assignments, in the same order. */
    static final String ASSIGNMENTS = """
            id = ?, name = ?, tenant = ?, models = ?, expires_at_ms = ?, metadata = ?, rpm = ?, tpm = ?,
            budget_usd = ?, budget_period = ?, budget_soft_limit = ?, created_at_ms = ?, revoked_at_ms = ?,
            secret_sha256 = ?, previous_sha256 = ?, previous_valid_until_ms = ?""";

    private KeyRows() {
    }

    /** Sets the {@link #COLUMNS} from parameter 1 on; returns the index of the next parameter. */
    static int bind(PreparedStatement s, VirtualKey k) throws SQLException, JsonProcessingException {
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
            s.setNull(i++, Types.DOUBLE);
            s.setNull(i++, Types.VARCHAR);
            s.setNull(i++, Types.DOUBLE);
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

    /** The key in the current row of a result that has the {@link #COLUMNS}. */
    static VirtualKey read(ResultSet rs) throws SQLException, JsonProcessingException {
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
            s.setNull(index, Types.BIGINT);
        } else {
            s.setLong(index, at.toEpochMilli());
        }
    }

    private static Instant millis(ResultSet rs, String column) throws SQLException {
        long ms = rs.getLong(column);
        return rs.wasNull() ? null : Instant.ofEpochMilli(ms);
    }
}
