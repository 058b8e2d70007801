package dev.reprise.gateway.budget;

import java.util.Locale;

/** What a budget or a spend total is counted for. */
public enum BudgetScope {
    /** One gateway key, by its id. */
    KEY,
    /** One tenant, over all its keys. */
    TENANT,
    /** One model alias, over all callers. */
    ALIAS;

    /** As written in JSON and metrics: {@code key}, {@code tenant}, {@code alias}. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
