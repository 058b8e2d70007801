package dev.reprise.gateway.config;

import dev.reprise.gateway.auth.KeyGrant;
import dev.reprise.gateway.budget.Budget;
import dev.reprise.gateway.budget.BudgetPeriod;
import dev.reprise.gateway.ledger.LedgerSettings;
import dev.reprise.gateway.limits.RateLimits;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The stand-alone sections are bound from one list, and gateway keys carry what they may do. */
class ConfigSectionsTest {

    private static final String MOCK = """
            models:
              - name: mock
                provider: mock
            """;

    private static GatewayConfig load(String yaml) {
        return new ConfigLoader(EnvSubstitution.of(Map.of())).loadYaml(yaml, "test.yaml");
    }

    private static String failure(String yaml) {
        return assertThrows(ConfigException.class, () -> load(yaml)).getMessage();
    }

    @Test
    void should_give_every_registered_section_its_defaults_when_absent() {
        GatewayConfig c = load(MOCK);
        for (ConfigSection<?, ?> s : ConfigSections.ALL) {
            assertEquals(s.defaults(), c.section(s), s.key());
        }
    }

    @Test
    void should_bind_a_section_by_its_key() {
        GatewayConfig c = load(MOCK + "ledger:\n  retention: 2d\n");
        assertEquals(Duration.ofDays(2), c.ledger().retention());
        assertEquals(c.ledger(), c.section(ConfigSections.LEDGER));
    }

    @Test
    void should_name_the_full_key_of_a_mistake_inside_a_section() {
        assertTrue(failure(MOCK + "access-log:\n  queue-capacity: many\n")
                .startsWith("test.yaml: access-log.queue-capacity: "), failure(MOCK + "access-log:\n  queue-capacity: many\n"));
        assertTrue(failure(MOCK + "ledger:\n  retension: 2d\n").startsWith("test.yaml: ledger.retension: unknown key"));
        assertEquals("test.yaml: ledger: expected a mapping of keys", failure(MOCK + "ledger: [1, 2]\n"));
        assertTrue(failure(MOCK + "ledger:\n  retention: 1m\n").contains("ledger.retention must be at least 1h"));
    }

    @Test
    void should_list_the_sections_among_the_known_top_level_keys() {
        String message = failure(MOCK + "ledgr:\n  enabled: false\n");
        assertTrue(message.startsWith("test.yaml: ledgr: unknown key; expected one of "), message);
        assertTrue(message.contains("access-log") && message.contains("ledger") && message.contains("models"), message);
    }

    @Test
    void should_keep_the_other_values_when_a_builder_changes_one() {
        GatewayConfig c = load(MOCK + "ledger:\n  retention: 2d\naccess-log:\n  enabled: true\n");
        GatewayConfig changed = c.withLedger(LedgerSettings.defaults());
        assertEquals(LedgerSettings.defaults(), changed.ledger());
        assertEquals(c.accessLog(), changed.accessLog());
        assertEquals(c.models(), changed.models());
        assertEquals(c, c.toBuilder().build(), "a config rebuilt unchanged is equal to itself");
    }

    @Test
    void should_read_a_key_with_tenant_models_limits_and_budget() {
        GatewayConfig c = load(MOCK + """
                keys:
                  - id: support-bot
                    key: rk-1
                    tenant: acme
                    models: [mock]
                    limits: { rpm: 60, tpm: 10000 }
                    budget: { usd: 5, period: day }
                  - id: plain
                    key: rk-2
                """);
        ApiKey bot = c.keys().get(0);
        assertEquals("acme", bot.tenant());
        assertEquals(new KeyGrant(Set.of("mock"), new RateLimits(60, 10_000), new Budget(5, BudgetPeriod.DAY)),
                bot.grant());
        ApiKey plain = c.keys().get(1);
        assertEquals("plain", plain.tenant(), "a key without a tenant is its own tenant");
        assertEquals(KeyGrant.UNRESTRICTED, plain.grant());
    }

    @Test
    void should_refuse_bad_key_limits_and_budgets_naming_the_key() {
        String key = MOCK + "keys:\n  - id: k\n    key: rk-1\n";
        assertTrue(failure(key + "    limits: { rpm: -1 }\n").startsWith("test.yaml: keys[0].limits.rpm: must be >= 0"));
        assertTrue(failure(key + "    budget: { usd: 0 }\n").startsWith("test.yaml: keys[0].budget.usd: must be a positive"));
        assertTrue(failure(key + "    budget: { usd: 5, period: year }\n")
                .contains("keys[0].budget.period must be one of day, week, month, got 'year'"));
        assertTrue(failure(key + "    tenant: 'a b'\n").startsWith("test.yaml: keys[0].tenant: 'a b' must be"));
    }
}
