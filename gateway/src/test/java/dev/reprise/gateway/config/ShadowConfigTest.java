package dev.reprise.gateway.config;

import dev.reprise.gateway.shadow.ShadowSettings;
import dev.reprise.gateway.shadow.ShadowTarget;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code models[].shadow} and {@code shadow:}: candidates and bounds, checked on load with the full key named. */
class ShadowConfigTest {

    private static final String MODELS = """
            models:
              - name: primary
                provider: mock
            %s
              - name: candidate
                provider: mock
              - name: keyless
                provider: openai
                model: gpt-4o
                api-key: ${MISSING_KEY}
            """;

    private static ShadowSettings load(String shadowList, String section) {
        return new ConfigLoader(EnvSubstitution.of(Map.of("MISSING_KEY", ""))).loadYaml(
                MODELS.formatted(shadowList) + section, "test.yaml").section(ConfigSections.SHADOW);
    }

    private static String failure(String shadowList, String section) {
        return assertThrows(ConfigException.class, () -> load(shadowList, section)).getMessage();
    }

    @Test
    void should_read_the_candidates_and_the_bounds_with_their_defaults() {
        ShadowSettings off = load("", "");
        assertFalse(off.enabled());
        assertEquals(ShadowSettings.defaults(), off);

        ShadowSettings s = load("    shadow: [{ alias: candidate, share: 0.1 }]", """
                shadow:
                  requests-per-minute: 10
                  daily-budget-usd: 0.5
                  queue-capacity: 20
                  concurrency: 3
                  timeout: 5s
                  similarity-bar: 0.7
                """);
        assertTrue(s.enabled());
        assertEquals(List.of(new ShadowTarget("candidate", 0.1)), s.of("primary"));
        assertEquals(List.of(), s.of("candidate"));
        assertEquals(new ShadowSettings(Map.of("primary", List.of(new ShadowTarget("candidate", 0.1))), 10, 0.5, 20, 3,
                Duration.ofSeconds(5), 0.7), s);
    }

    @Test
    void should_name_the_full_key_of_a_bad_candidate() {
        assertEquals("test.yaml: models[0].shadow[0].alias: 'nope' is not a model alias",
                failure("    shadow: [{ alias: nope, share: 0.1 }]", ""));
        assertEquals("test.yaml: models[0].shadow[0].alias: 'primary' is the alias itself",
                failure("    shadow: [{ alias: primary, share: 0.1 }]", ""));
        assertEquals("test.yaml: models[0].shadow[1].alias: 'candidate' is named twice",
                failure("    shadow: [{ alias: candidate, share: 0.1 }, { alias: candidate, share: 0.2 }]", ""));
        assertTrue(failure("    shadow: [{ share: 0.1 }]", "")
                .startsWith("test.yaml: models[0].shadow[0].alias: is required"));
        assertTrue(failure("    shadow: [{ alias: candidate }]", "")
                .startsWith("test.yaml: models[0].shadow[0].share: is required"));
        assertEquals("test.yaml: models[0].shadow[0].share: must be in (0, 1], got 0.0",
                failure("    shadow: [{ alias: candidate, share: 0 }]", ""));
        assertEquals("test.yaml: models[0].shadow[0].share: must be in (0, 1], got 1.5",
                failure("    shadow: [{ alias: candidate, share: 1.5 }]", ""));
        assertTrue(failure("    shadow: [{ alias: candidate, percent: 5 }]", "")
                .startsWith("test.yaml: models[0].shadow[0].percent: unknown key"));
    }

    @Test
    void should_drop_a_candidate_whose_key_is_not_set() {
        assertFalse(load("    shadow: [{ alias: keyless, share: 0.5 }]", "").enabled());
    }

    @Test
    void should_name_the_full_key_of_a_bad_bound() {
        assertEquals("test.yaml: shadow.requests-per-minute must be at least 1, got 0",
                failure("", "shadow: { requests-per-minute: 0 }\n"));
        assertEquals("test.yaml: shadow.daily-budget-usd must be a number >= 0, got -1.0",
                failure("", "shadow: { daily-budget-usd: -1 }\n"));
        assertEquals("test.yaml: shadow.queue-capacity must be between 1 and 100000, got 0",
                failure("", "shadow: { queue-capacity: 0 }\n"));
        assertEquals("test.yaml: shadow.concurrency must be between 1 and 64, got 65",
                failure("", "shadow: { concurrency: 65 }\n"));
        assertEquals("test.yaml: shadow.timeout: must be greater than 0, got '0s'",
                failure("", "shadow: { timeout: 0s }\n"));
        assertEquals("test.yaml: shadow.similarity-bar must be in [-1, 1], got 2.0",
                failure("", "shadow: { similarity-bar: 2 }\n"));
        assertTrue(failure("", "shadow: { rpm: 5 }\n").startsWith("test.yaml: shadow.rpm: unknown key"));
    }

    @Test
    void should_accept_the_readme_shadow_example() throws IOException {
        String readme = Files.readString(Path.of("..", "README.md"));
        int section = readme.indexOf("### Shadow traffic");
        int start = readme.indexOf("```yaml\n", section) + "```yaml\n".length();
        int end = readme.indexOf("```", start);
        assertTrue(section > 0 && start > section && end > start, "README has a yaml block under ### Shadow traffic");
        ShadowSettings s = new ConfigLoader(EnvSubstitution.of(Map.of())).loadYaml(readme.substring(start, end),
                "README.md").section(ConfigSections.SHADOW);
        assertEquals(List.of(new ShadowTarget("mock-next", 0.1)), s.of("mock"));
        assertEquals(30, s.requestsPerMinute());
    }
}
