package dev.reprise.gateway.config;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ConfigValuesTest {

    @ParameterizedTest
    @CsvSource({"300ms, 300", "60s, 60000", "2m, 120000", "1h, 3600000", "0, 0", "' 5 s ', 5000"})
    void should_read_durations(String text, long millis) {
        assertEquals(Duration.ofMillis(millis), ConfigValues.duration("k", text, null));
    }

    @ParameterizedTest
    @ValueSource(strings = {"300", "1.5s", "5 minutes", "-1s", "ms", "99999999999999999999s"})
    void should_refuse_bad_durations_naming_key_and_value(String text) {
        String message = assertThrows(ConfigException.class, () -> ConfigValues.duration("a.b", text, null))
                .getMessage();
        assertTrue(message.startsWith("a.b: "), message);
        assertTrue(message.contains(text), message);
    }

    @ParameterizedTest
    @CsvSource({"4MiB, 4194304", "512KiB, 524288", "1GiB, 1073741824", "4MB, 4000000", "1000, 1000", "2kb, 2000"})
    void should_read_sizes(String text, long bytes) {
        assertEquals(bytes, ConfigValues.size("k", text, 0));
    }

    @ParameterizedTest
    @ValueSource(strings = {"4 lots", "-1", "1.5MiB", "MiB", "99999999999GiB"})
    void should_refuse_bad_sizes(String text) {
        String message = assertThrows(ConfigException.class, () -> ConfigValues.size("s", text, 0)).getMessage();
        assertTrue(message.contains("s: ") && message.contains(text), message);
    }

    @ParameterizedTest
    @CsvSource({"https://api.openai.com/v1/, https://api.openai.com/v1", "http://localhost:11434, http://localhost:11434"})
    void should_read_urls_without_a_trailing_slash(String text, String expected) {
        assertEquals(expected, ConfigValues.httpUrl("u", text));
    }

    @ParameterizedTest
    @ValueSource(strings = {"localhost:8000", "ftp://x", "http://", "not a url"})
    void should_refuse_non_http_urls(String text) {
        assertThrows(ConfigException.class, () -> ConfigValues.httpUrl("u", text));
    }
}
