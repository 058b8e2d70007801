package dev.reprise.gateway.reload;

import dev.reprise.gateway.budget.BudgetSettings;
import dev.reprise.gateway.config.ConfigLoader;
import dev.reprise.gateway.config.ConfigSections;
import dev.reprise.gateway.config.EnvSubstitution;
import dev.reprise.gateway.config.GatewayConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A reload applies what can change while running and leaves the rest, found section by section. */
class ConfigReloadTest {

    private static final String MOCK = "models:\n  - name: mock\n    provider: mock\n";

    @TempDir
    Path dir;

    private final ConfigLoader loader = new ConfigLoader(EnvSubstitution.of(Map.of()));

    private ConfigReload reloadOf(String yaml) {
        GatewayConfig running = loader.loadYaml(yaml, "test.yaml");
        return ConfigReload.of(running).loader(loader).build();
    }

    private Path write(String yaml) throws Exception {
        return Files.writeString(dir.resolve("reprise.yaml"), yaml);
    }

    @Test
    void should_apply_nothing_when_only_start_time_sections_changed() throws Exception {
        ConfigReload reload = reloadOf(MOCK);
        assertFalse(reload.reload(write(MOCK + "ledger:\n  retention: 2d\nserver:\n  port: 9999\n")));
    }

    @Test
    void should_refuse_an_invalid_file_whole() throws Exception {
        ConfigReload reload = reloadOf(MOCK);
        assertFalse(reload.reload(write(MOCK + "ledger:\n  retention: 1m\n")));
        assertFalse(reload.reload(write("models: [")));
    }

    @Test
    void should_refuse_an_applier_for_a_section_read_at_start_only() {
        GatewayConfig running = loader.loadYaml(MOCK, "test.yaml");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ConfigReload.of(running).onChange(ConfigSections.LEDGER, settings -> { }));
        assertEquals("section 'ledger' is read at start only", e.getMessage());
    }

    @Test
    void should_undo_what_it_applied_when_a_later_applier_refuses_so_the_refusal_is_whole() throws Exception {
        GatewayConfig running = loader.loadYaml(MOCK, "test.yaml");
        List<BudgetSettings> budgets = new ArrayList<>();
        ConfigReload reload = ConfigReload.of(running).loader(loader)
                .onChange(ConfigSections.BUDGETS, budgets::add)
                .onChange(ConfigSections.LIMITS, limits -> {
                    if (limits.tenants().containsKey("acme")) {
                        throw new IllegalArgumentException("acme cannot be limited while running");
                    }
                })
                .build();

        assertFalse(reload.reload(write(MOCK + "budgets:\n  tenants:\n    acme: { usd: 5 }\n"
                + "limits:\n  tenants:\n    acme: { rpm: 10 }\n")));

        assertEquals(List.of(BudgetSettings.NONE), budgets.subList(1, budgets.size()),
                "the budgets applied first are put back as they were");
        assertTrue(reload.reload(write(MOCK + "budgets:\n  tenants:\n    acme: { usd: 5 }\n")),
                "the refused edit left the running config as it was, so the budgets are new again");
        assertEquals(3, budgets.size());
    }
}
