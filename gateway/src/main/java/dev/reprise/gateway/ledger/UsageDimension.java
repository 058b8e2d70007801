package dev.reprise.gateway.ledger;

import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;

/**
 * What {@code /admin/usage} can group by: UTC time buckets, or a fact of the request. Each knows the SQL that
 * computes its group label from a row, in the ledger's dialect; a missing fact (a refusal has no model) groups as
 * {@code (none)}.
 */
public enum UsageDimension {
    MINUTE(d -> d.utc("YYYY-MM-DD\"T\"HH24:MI\":00Z\"", "%Y-%m-%dT%H:%M:00Z")),
    HOUR(d -> d.utc("YYYY-MM-DD\"T\"HH24\":00:00Z\"", "%Y-%m-%dT%H:00:00Z")),
    DAY(d -> d.utc("YYYY-MM-DD", "%Y-%m-%d")),
    /** The routed alias. */
    MODEL(d -> "coalesce(model, '" + UsageDimension.NONE + "')"),
    TENANT(d -> "coalesce(tenant, '" + UsageDimension.NONE + "')"),
    /** The deployment that served ({@code cache} for hits). */
    DEPLOYMENT(d -> "coalesce(deployment, '" + UsageDimension.NONE + "')"),
    /** The A/B variant's name. */
    VARIANT(d -> "coalesce(variant, '" + UsageDimension.NONE + "')"),
    /** The cache tier: hit-exact, hit-semantic, miss, bypass or none. */
    TIER(d -> "tier");

    /** The label of a group whose fact is missing. */
    public static final String NONE = "(none)";

    private final Function<LedgerDialect, String> sql;

    UsageDimension(Function<LedgerDialect, String> sql) {
        this.sql = sql;
    }

    String sql(LedgerDialect dialect) {
        return sql.apply(dialect);
    }

    /** As written in {@code group_by}. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<UsageDimension> parse(String label) {
        for (UsageDimension d : values()) {
            if (d.label().equals(label)) {
                return Optional.of(d);
            }
        }
        return Optional.empty();
    }
}
