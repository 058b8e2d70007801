package dev.reprise.gateway.config;

import dev.reprise.gateway.ledger.LedgerSettings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The {@code ledger:} section: defaults, every key, and errors that name the key and the value. */
class LedgerConfigTest {

    private static final String MODELS = "models:\n  - name: mock\n    provider: mock\n";

    private static GatewayConfig load(String section) {
        return new ConfigLoader(EnvSubstitution.of(Map.of())).loadYaml(MODELS + section, "test");
    }

    @Test
    void should_use_the_named_defaults_without_a_ledger_section() {
        GatewayConfig config = load("data-dir: /srv/reprise\n");
        LedgerSettings s = config.ledger();

        assertTrue(s.enabled());
        assertNull(s.path());
        assertEquals(Path.of("/srv/reprise/ledger.db"), s.fileUnder(config.dataDir()));
        assertEquals(Duration.ofDays(90), s.retention());
        assertFalse(s.storeText());
        assertEquals(Duration.ofSeconds(1), s.flushInterval());
        assertEquals(LedgerSettings.DEFAULT_QUEUE_CAPACITY, s.queueCapacity());
    }

    @Test
    void should_read_every_key() {
        LedgerSettings s = load("""
                ledger:
                  enabled: false
                  path: /var/lib/reprise/usage.db
                  retention: 30d
                  store-text: true
                  flush-interval: 250ms
                  queue-capacity: 500
                """).ledger();

        assertFalse(s.enabled());
        assertEquals(Path.of("/var/lib/reprise/usage.db"), s.fileUnder(Path.of("ignored")));
        assertEquals(Duration.ofDays(30), s.retention());
        assertTrue(s.storeText());
        assertEquals(Duration.ofMillis(250), s.flushInterval());
        assertEquals(500, s.queueCapacity());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "retention: 0                | ledger.retention",
            "retention: 30m              | ledger.retention",
            "retention: soon             | ledger.retention",
            "flush-interval: 0           | ledger.flush-interval",
            "flush-interval: 5m          | ledger.flush-interval",
            "flush-interval: 1ms         | ledger.flush-interval",
            "queue-capacity: 0           | ledger.queue-capacity",
            "queue-capacity: 1.5         | ledger.queue-capacity",
            "store-text: sometimes       | ledger.store-text",
            "retain: 30d                 | ledger.retain",
    })
    void should_refuse_a_bad_value_naming_its_key(String line, String key) {
        String message = assertThrows(ConfigException.class, () -> load("ledger:\n  " + line + "\n")).getMessage();

        assertTrue(message.contains(key), message);
    }
}
