package dev.reprise.gateway.ledger;

import java.util.Locale;
import java.util.Optional;

/**
 * What {@code /admin/usage} can group by: UTC time buckets, or a fact of the request. Each knows the SQL that
 * computes its group label from a row; a missing fact (a refusal has no model) groups as {@code (none)}.
 */
public enum UsageDimension {
    MINUTE("strftime('%Y-%m-%dT%H:%M:00Z', at_ms / 1000, 'unixepoch')"),
    HOUR("strftime('%Y-%m-%dT%H:00:00Z', at_ms / 1000, 'unixepoch')"),
    DAY("strftime('%Y-%m-%d', at_ms / 1000, 'unixepoch')"),
    /** The routed alias. */
    MODEL("coalesce(model, '" + UsageDimension.NONE + "')"),
    TENANT("coalesce(tenant, '" + UsageDimension.NONE + "')"),
    /** The deployment that served ({@code cache} for hits). */
    DEPLOYMENT("coalesce(deployment, '" + UsageDimension.NONE + "')"),
    /** The A/B variant's name. */
    VARIANT("coalesce(variant, '" + UsageDimension.NONE + "')"),
    /** The cache tier: hit-exact, hit-semantic, miss, bypass or none. */
    TIER("tier");

    /** The label of a group whose fact is missing. */
    public static final String NONE = "(none)";

    private final String sql;

    UsageDimension(String sql) {
        this.sql = sql;
    }

    String sql() {
        return sql;
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
