package dev.reprise.gateway.budget;

import dev.reprise.gateway.config.ApiKey;
import dev.reprise.gateway.config.ConfigException;

import java.util.Map;
import java.util.TreeMap;

/**
 * {@code budgets:}: dollar budgets per tenant and per model alias, beside the per-key ones the keys carry. Applied to
 * a running gateway when the file is edited.
 *
 * @param tenants each tenant's budget, by tenant id
 * @param aliases each alias's budget, over every caller (and the cache judge's own calls to it)
 */
public record BudgetSettings(Map<String, Budget> tenants, Map<String, Budget> aliases) {

    /** No budgets. */
    public static final BudgetSettings NONE = new BudgetSettings(Map.of(), Map.of());

    public BudgetSettings {
        tenants = Map.copyOf(tenants);
        aliases = Map.copyOf(aliases);
    }

    public boolean isEmpty() {
        return tenants.isEmpty() && aliases.isEmpty();
    }

    /** The YAML shape: {@code {tenants: {acme: {usd, period, soft-limit}}, aliases: {gpt-4o: {...}}}}. */
    public record Yaml(Map<String, ApiKey.BudgetYaml> tenants, Map<String, ApiKey.BudgetYaml> aliases) {

        public static BudgetSettings resolve(Yaml yaml) {
            if (yaml == null) {
                return NONE;
            }
            return new BudgetSettings(budgets("budgets.tenants", yaml.tenants),
                    budgets("budgets.aliases", yaml.aliases));
        }

        private static Map<String, Budget> budgets(String path, Map<String, ApiKey.BudgetYaml> byId) {
            Map<String, Budget> out = new TreeMap<>();
            if (byId == null) {
                return out;
            }
            byId.forEach((id, budget) -> {
                String at = path + "." + id;
                if (id.isBlank()) {
                    throw ConfigException.at(path, "has an empty name");
                }
                if (budget == null) {
                    throw ConfigException.at(at, "is empty; expected {usd, period, soft-limit}");
                }
                out.put(id, budget.resolve(at));
            });
            return out;
        }
    }
}
