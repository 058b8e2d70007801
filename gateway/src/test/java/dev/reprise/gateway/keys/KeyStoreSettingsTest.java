package dev.reprise.gateway.keys;

import dev.reprise.gateway.GatewayFixture;
import dev.reprise.gateway.config.ConfigException;
import dev.reprise.gateway.config.ConfigLoader;
import dev.reprise.gateway.config.ConfigSections;
import dev.reprise.gateway.config.EnvSubstitution;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code key-store.refresh-interval} as the config file gives it: 1s by default, between 50ms and 10m. */
class KeyStoreSettingsTest {

    private static KeyStoreSettings load(String section) {
        return new ConfigLoader(EnvSubstitution.of(Map.of())).loadYaml(GatewayFixture.MOCK_ONLY + section,
                "test.yaml").section(ConfigSections.KEY_STORE);
    }

    @Test
    void should_refresh_every_second_by_default_and_take_what_the_file_says() {
        assertEquals(Duration.ofSeconds(1), load("").refreshInterval());
        assertEquals(Duration.ofMillis(250), load("key-store:\n  refresh-interval: 250ms\n").refreshInterval());
    }

    @Test
    void should_refuse_a_refresh_interval_outside_50ms_to_10m_naming_the_key() {
        for (String bad : new String[] {"10ms", "1h", "soon"}) {
            String message = assertThrows(ConfigException.class,
                    () -> load("key-store:\n  refresh-interval: " + bad + "\n")).getMessage();
            assertTrue(message.contains("key-store.refresh-interval"), message);
        }
    }
}
