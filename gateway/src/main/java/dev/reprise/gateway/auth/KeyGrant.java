package dev.reprise.gateway.auth;

import dev.reprise.gateway.budget.Budget;
import dev.reprise.gateway.limits.RateLimits;

import java.util.Objects;
import java.util.Set;

/**
 * What one gateway key may do: the aliases it may call (empty: all), its own rate limits, and its budget (null:
 * none). Tenant- and alias-wide limits and budgets come from the config, not from the key.
 */
public record KeyGrant(Set<String> models, RateLimits limits, Budget budget) {

    /** Every alias, no limits, no budget: open mode and keys that name none. */
    public static final KeyGrant UNRESTRICTED = new KeyGrant(Set.of(), RateLimits.NONE, null);

    public KeyGrant {
        models = Set.copyOf(models);
        Objects.requireNonNull(limits, "limits");
    }

    /** Whether this key may call {@code alias}. */
    public boolean allows(String alias) {
        return models.isEmpty() || models.contains(alias);
    }
}
