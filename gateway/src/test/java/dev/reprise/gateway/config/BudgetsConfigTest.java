package dev.reprise.gateway.config;

import dev.reprise.gateway.budget.Budget;
import dev.reprise.gateway.budget.BudgetPeriod;
import dev.reprise.gateway.budget.BudgetSettings;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The {@code budgets:} section: tenants' and aliases' budgets, checked on load with the full key named. */
class BudgetsConfigTest {

    private static final String MOCK = "models:\n  - name: mock\n    provider: mock\n";

    private static BudgetSettings load(String yaml) {
        return new ConfigLoader(EnvSubstitution.of(Map.of())).loadYaml(MOCK + yaml, "test.yaml")
                .section(ConfigSections.BUDGETS);
    }

    private static String failure(String yaml) {
        return assertThrows(ConfigException.class, () -> load(yaml)).getMessage();
    }

    @Test
    void should_read_tenant_and_alias_budgets_with_their_defaults() {
        BudgetSettings s = load("""
                budgets:
                  tenants:
                    acme: { usd: 100, period: week, soft-limit: 0.9 }
                    globex: { usd: 20 }
                  aliases:
                    mock: { usd: 5, period: day }
                """);
        assertEquals(Map.of("acme", new Budget(100, BudgetPeriod.WEEK, 0.9),
                "globex", new Budget(20, BudgetPeriod.MONTH, 0.8)), s.tenants());
        assertEquals(Map.of("mock", new Budget(5, BudgetPeriod.DAY)), s.aliases());
        assertEquals(BudgetSettings.NONE, load(""));
    }

    @Test
    void should_accept_the_readme_budgets_example() throws IOException {
        String readme = Files.readString(Path.of("..", "README.md"));
        int section = readme.indexOf("### Budgets");
        int start = readme.indexOf("```yaml\n", section) + "```yaml\n".length();
        int end = readme.indexOf("```", start);
        assertTrue(section > 0 && start > section && end > start, "README has a yaml block under ### Budgets");
        GatewayConfig config = new ConfigLoader(EnvSubstitution.of(Map.of("SUPPORT_BOT_KEY", "sk-bot")))
                .loadYaml(readme.substring(start, end), "README.md");
        assertEquals(new Budget(5, BudgetPeriod.DAY, 0.8), config.keys().getFirst().grant().budget());
        assertEquals(new Budget(500, BudgetPeriod.MONTH, 0.9), config.section(ConfigSections.BUDGETS).tenants().get("acme"));
        assertEquals(new Budget(50, BudgetPeriod.WEEK), config.section(ConfigSections.BUDGETS).aliases().get("support"));
    }

    @Test
    void should_refuse_a_bad_budget_naming_its_full_key() {
        assertTrue(failure("budgets:\n  tenants:\n    acme: { usd: -1 }\n")
                .startsWith("test.yaml: budgets.tenants.acme.usd: must be a positive amount"));
        assertTrue(failure("budgets:\n  aliases:\n    mock: { usd: 1, period: year }\n")
                .contains("budgets.aliases.mock.period must be one of day, week, month, got 'year'"));
        assertTrue(failure("budgets:\n  aliases:\n    mock: { usd: 1, soft-limit: 1.5 }\n")
                .startsWith("test.yaml: budgets.aliases.mock.soft-limit: must be above 0 and at most 1"));
        assertTrue(failure("budgets:\n  tenants:\n    acme:\n").startsWith("test.yaml: budgets.tenants.acme: is empty"));
        String unknown = failure("budgets:\n  keys:\n    a: { usd: 1 }\n");
        assertTrue(unknown.startsWith("test.yaml: budgets.keys: unknown key"), unknown);
        assertTrue(failure("budgets:\n  tenants:\n    acme: { usd: 1, limit: 2 }\n")
                .startsWith("test.yaml: budgets.tenants.acme.limit: unknown key"));
    }

    @Test
    void should_refuse_an_alias_that_is_not_a_model_under_budgets_limits_or_a_keys_models() {
        String budget = failure("budgets:\n  aliases:\n    mokc: { usd: 1 }\n");
        assertTrue(budget.startsWith("test.yaml: budgets.aliases.mokc: 'mokc' is not a model alias"), budget);
        String limit = failure("limits:\n  aliases:\n    mokc: { rpm: 10 }\n");
        assertTrue(limit.startsWith("test.yaml: limits.aliases.mokc: 'mokc' is not a model alias"), limit);
        String key = failure("keys:\n  - { id: a, key: rk-a, models: [mock, mokc] }\n");
        assertTrue(key.startsWith("test.yaml: keys[0].models[1]: 'mokc' is not a model alias"), key);
        // An alias that is defined but skipped (its api-key is not set) may still be named.
        assertEquals(Map.of("gpt", new Budget(1, BudgetPeriod.MONTH)), load("""
                  - name: gpt
                    provider: openai
                    model: gpt-4o-mini
                    api-key: ""
                budgets:
                  aliases:
                    gpt: { usd: 1 }
                """).aliases());
    }
}
