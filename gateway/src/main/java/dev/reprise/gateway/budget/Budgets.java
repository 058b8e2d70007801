package dev.reprise.gateway.budget;

import dev.reprise.gateway.auth.Caller;
import dev.reprise.gateway.auth.KeyGrant;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.function.Supplier;

/**
 * The budgets in force and what has been spent against them: a key's own (from its grant), its tenant's and the
 * alias's (from {@code budgets:}, replaced when the file is edited). Reads spend from a {@link SpendView}.
 */
public final class Budgets {

    private final Supplier<Map<String, KeyGrant>> keyGrants;
    private final SpendView spend;
    private volatile BudgetSettings settings;

    /**
     * @param settings  the tenants' and aliases' budgets at start
     * @param keyGrants every key's grant by key id, for the list of key budgets (config and stored keys)
     * @param spend     what each scope has spent
     */
    public Budgets(BudgetSettings settings, Supplier<Map<String, KeyGrant>> keyGrants, SpendView spend) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.keyGrants = Objects.requireNonNull(keyGrants, "keyGrants");
        this.spend = Objects.requireNonNull(spend, "spend");
    }

    /** Replaces the tenants' and aliases' budgets (a hot reload); spend so far is kept. */
    public void apply(BudgetSettings next) {
        this.settings = Objects.requireNonNull(next, "settings");
    }

    /** What each scope has spent, as these budgets read it. */
    public SpendView spend() {
        return spend;
    }

    public BudgetSettings settings() {
        return settings;
    }

    /** The budgets a request by {@code caller} to {@code alias} is held to, with their spend at {@code at}. */
    public List<BudgetStatus> applying(Caller caller, String alias, Instant at) {
        BudgetSettings s = settings;
        List<BudgetStatus> out = new ArrayList<>(3);
        if (caller.keyed() && caller.grant().budget() != null) {
            out.add(status(BudgetScope.KEY, caller.keyId(), caller.grant().budget(), at));
        }
        Budget tenant = s.tenants().get(caller.tenant());
        if (tenant != null) {
            out.add(status(BudgetScope.TENANT, caller.tenant(), tenant, at));
        }
        Budget aliasBudget = alias == null ? null : s.aliases().get(alias);
        if (aliasBudget != null) {
            out.add(status(BudgetScope.ALIAS, alias, aliasBudget, at));
        }
        return out;
    }

    /** Every budget in force, keys first, then tenants, then aliases, each sorted by id. */
    public List<BudgetStatus> all(Instant at) {
        BudgetSettings s = settings;
        List<BudgetStatus> out = new ArrayList<>();
        new TreeMap<>(keyGrants.get()).forEach((id, grant) -> {
            if (grant.budget() != null) {
                out.add(status(BudgetScope.KEY, id, grant.budget(), at));
            }
        });
        new TreeMap<>(s.tenants()).forEach((id, b) -> out.add(status(BudgetScope.TENANT, id, b, at)));
        new TreeMap<>(s.aliases()).forEach((id, b) -> out.add(status(BudgetScope.ALIAS, id, b, at)));
        return out;
    }

    /** Whether any budget is in force now. */
    public boolean any() {
        return !settings.isEmpty() || keyGrants.get().values().stream().anyMatch(g -> g.budget() != null);
    }

    private BudgetStatus status(BudgetScope scope, String id, Budget budget, Instant at) {
        return new BudgetStatus(scope, id, budget, spend.spentUsd(scope, id, budget.period(), at), at);
    }
}
