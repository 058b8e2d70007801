package dev.reprise.gateway.limits;

import java.util.Locale;

/** Whose allowance a rate limit is: one key's, one tenant's, all callers' of an alias, or each caller's of an alias. */
public enum LimitScope {
    /** The calling key's own limits ({@code limits} of the key). */
    KEY,
    /** Every key of one tenant together ({@code limits.tenants}). */
    TENANT,
    /** Every caller of one alias together, inside the provider's own quota ({@code limits.aliases}). */
    ALIAS,
    /** Each caller of one alias on its own ({@code limits.aliases.<alias>.per-caller}). */
    ALIAS_CALLER;

    /** As in the {@code scope} tag of {@code reprise_rate_limited_total}. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
