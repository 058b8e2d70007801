package dev.reprise.gateway.limits;

import dev.reprise.gateway.config.ConfigException;
import dev.reprise.gateway.config.ConfigLoader;
import dev.reprise.gateway.config.ConfigSections;
import dev.reprise.gateway.config.EnvSubstitution;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The {@code limits:} section: bound by its key, validated with messages that name the full key. */
class LimitSettingsTest {

    private static final String MOCK = "models:\n  - name: mock\n    provider: mock\n";

    private static LimitSettings load(String yaml) {
        return new ConfigLoader(EnvSubstitution.of(Map.of())).loadYaml(MOCK + yaml, "test.yaml")
                .section(ConfigSections.LIMITS);
    }

    private static String failure(String yaml) {
        return assertThrows(ConfigException.class, () -> load(yaml)).getMessage();
    }

    @Test
    void should_read_tenant_and_alias_limits_and_how_hits_count() {
        LimitSettings s = load("""
                limits:
                  default-max-tokens: 256
                  cache-hits: { tokens: true }
                  tenants:
                    acme: { rpm: 600, tpm: 200000 }
                  aliases:
                    mock: { rpm: 500, per-caller: { rpm: 60 } }
                """);
        assertEquals(new RateLimits(600, 200_000), s.tenants().get("acme"));
        assertEquals(new LimitSettings.AliasLimits(new RateLimits(500, 0), new RateLimits(60, 0)),
                s.aliases().get("mock"));
        assertEquals(256, s.defaultMaxTokens());
        assertEquals(new LimitSettings.CacheHitCounting(true, true), s.cacheHits());
    }

    @Test
    void should_accept_the_readme_example() throws Exception {
        String readme = Files.readString(Path.of("..", "README.md"));
        int section = readme.indexOf("### Rate limits");
        int start = readme.indexOf("```yaml\n", section) + "```yaml\n".length();
        int end = readme.indexOf("```", start);
        assertTrue(section > 0 && start > section && end > start, "README has a yaml block under ### Rate limits");
        var config = new ConfigLoader(EnvSubstitution.of(Map.of("SUPPORT_BOT_KEY", "sk-bot")))
                .loadYaml("models:\n  - name: gpt-4o\n    provider: mock\n" + readme.substring(start, end),
                        "README.md");

        assertEquals(new RateLimits(60, 40_000), config.keys().get(0).grant().limits());
        LimitSettings s = config.section(ConfigSections.LIMITS);
        assertEquals(new RateLimits(600, 200_000), s.tenants().get("acme"));
        assertEquals(new LimitSettings.AliasLimits(new RateLimits(500, 300_000), new RateLimits(60, 0)),
                s.aliases().get("gpt-4o"));
        assertEquals(LimitSettings.DEFAULT_MAX_TOKENS, s.defaultMaxTokens());
        assertEquals(LimitSettings.DEFAULT_CACHE_HITS, s.cacheHits());
    }

    @Test
    void should_limit_nothing_without_a_limits_section() {
        assertEquals(LimitSettings.defaults(), load(""));
        assertEquals(new LimitSettings.CacheHitCounting(true, false), LimitSettings.defaults().cacheHits());
    }

    @Test
    void should_refuse_bad_values_naming_the_full_key() {
        String negative = failure("limits:\n  tenants:\n    acme: { rpm: -1 }\n");
        assertTrue(negative.startsWith("test.yaml: limits.tenants.acme.rpm: must be >= 0"), negative);
        assertTrue(failure("limits:\n  aliases:\n    mock: { per-caller: { tpm: -5 } }\n")
                .contains("limits.aliases.mock.per-caller.tpm: must be >= 0"));
        assertTrue(failure("limits:\n  default-max-tokens: -1\n").contains("limits.default-max-tokens: must be >= 0"));
        assertTrue(failure("limits:\n  rpm: 5\n").startsWith("test.yaml: limits.rpm: unknown key"),
                failure("limits:\n  rpm: 5\n"));
        assertTrue(failure("limits:\n  tenants:\n    'a b': { rpm: 1 }\n").contains("limits.tenants.a b"));
    }
}
