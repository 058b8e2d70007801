package dev.reprise.gateway.config;

import dev.reprise.models.catalogue.Deployment;
import dev.reprise.models.catalogue.ProviderKind;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Loading and validating the YAML config: each mistake stops the start with a message naming the key. */
class ConfigLoaderTest {

    private static final String MOCK = """
            models:
              - name: mock
                provider: mock
            """;

    private static GatewayConfig load(String yaml, Map<String, String> env) {
        return new ConfigLoader(EnvSubstitution.of(env)).loadYaml(yaml, "test.yaml");
    }

    private static GatewayConfig load(String yaml) {
        return load(yaml, Map.of());
    }

    private static String failure(String yaml) {
        return failure(yaml, Map.of());
    }

    private static String failure(String yaml, Map<String, String> env) {
        return assertThrows(ConfigException.class, () -> load(yaml, env)).getMessage();
    }

    @Test
    void should_fill_defaults_from_named_constants() {
        GatewayConfig c = load(MOCK);
        assertEquals(ServerConfig.DEFAULT_HOST, c.server().host());
        assertEquals(ServerConfig.DEFAULT_PORT, c.server().port());
        assertEquals(4L * 1024 * 1024, c.server().maxBodySize());
        assertEquals(GatewayConfig.DEFAULT_DATA_DIR, c.dataDir());
        assertTrue(c.openMode());
        assertFalse(c.admin().enabled());
        Deployment mock = c.models().get(0);
        assertEquals("mock-1", mock.upstreamModel());
        assertEquals(Duration.ZERO, mock.latency());
        assertEquals(Deployment.DEFAULT_TIMEOUT, mock.timeout());
        assertEquals(Deployment.DEFAULT_CONNECT_TIMEOUT, mock.connectTimeout());
    }

    @Test
    void should_read_connect_timeout_and_default_it_to_the_shorter_of_five_seconds_and_timeout() {
        GatewayConfig c = load("""
                models:
                  - name: set
                    provider: openai
                    model: gpt-4o-mini
                    api-key: sk-1
                    timeout: 2m
                    connect-timeout: 750ms
                  - name: short
                    provider: openai
                    model: gpt-4o-mini
                    api-key: sk-1
                    timeout: 2s
                  - name: pooled
                    deployments:
                      - provider: openai
                        model: gpt-4o-mini
                        api-key: sk-1
                        connect-timeout: 3s
                """);
        assertEquals(Duration.ofMillis(750), c.models().get(0).connectTimeout());
        assertEquals(Duration.ofMinutes(2), c.models().get(0).timeout());
        assertEquals(Duration.ofSeconds(2), c.models().get(1).connectTimeout());
        assertEquals(Duration.ofSeconds(3), c.models().get(2).connectTimeout());
    }

    @Test
    void should_read_every_documented_key() {
        GatewayConfig c = load("""
                server:
                  host: 0.0.0.0
                  port: 9090
                  max-body-size: 512KiB
                  stream-keep-alive: 2s
                data-dir: /var/lib/reprise
                admin:
                  key: adm-1
                keys:
                  - id: support-bot
                    key: rk-1
                models:
                  - name: mock
                    provider: mock
                    model: mock-1
                    latency: 300ms
                    price: { input: 0.15, output: 0.60 }
                  - name: gpt-4o-mini
                    provider: openai
                    model: gpt-4o-mini
                    base-url: https://api.openai.com/v1/
                    api-key: sk-1
                    timeout: 2m
                  - name: local
                    provider: ollama
                    model: llama3.2
                    base-url: http://localhost:11434
                """);
        assertEquals("0.0.0.0", c.server().host());
        assertEquals(9090, c.server().port());
        assertEquals(512 * 1024, c.server().maxBodySize());
        assertEquals(Duration.ofSeconds(2), c.server().streamKeepAlive());
        assertEquals(Path.of("/var/lib/reprise"), c.dataDir());
        assertTrue(c.admin().enabled());
        assertEquals("support-bot", c.keys().get(0).id());
        assertEquals("rk-1", c.keys().get(0).key().reveal());
        assertEquals(Duration.ofMillis(300), c.models().get(0).latency());
        assertEquals(0.60, c.models().get(0).price().outputPerMillion());
        Deployment gpt = c.models().get(1);
        assertEquals(ProviderKind.OPENAI, gpt.provider());
        assertEquals("https://api.openai.com/v1", gpt.baseUrl());
        assertEquals(Duration.ofMinutes(2), gpt.timeout());
        assertEquals("sk-1", gpt.apiKey().reveal());
        // Ollama runs locally and needs no key.
        assertEquals(ProviderKind.OLLAMA, c.models().get(2).provider());
    }

    @Test
    void should_name_the_full_path_of_an_unknown_key() {
        String message = failure("""
                models:
                  - name: mock
                    provider: mock
                  - name: gpt
                    provider: openai
                    model: gpt-4o-mini
                    bse-url: http://x
                """);
        assertTrue(message.contains("models[1].bse-url"), message);
        assertTrue(message.contains("unknown key"), message);
        assertTrue(message.contains("base-url"), "lists the known keys: " + message);
        assertTrue(failure("server:\n  prot: 1\n" + MOCK).contains("server.prot"));
        assertTrue(failure("cache-size: 10\n" + MOCK).contains("cache-size"));
    }

    @Test
    void should_substitute_environment_variables() {
        GatewayConfig c = load("""
                server:
                  port: ${PORT}
                models:
                  - name: mock
                    provider: mock
                  - name: gpt
                    provider: openai
                    model: gpt-4o-mini
                    base-url: http://${HOST:-localhost}:8000/v1
                    api-key: ${OPENAI_API_KEY}
                """, Map.of("PORT", "7000", "OPENAI_API_KEY", "sk-env"));
        assertEquals(7000, c.server().port());
        assertEquals("http://localhost:8000/v1", c.models().get(1).baseUrl());
        assertEquals("sk-env", c.models().get(1).apiKey().reveal());
    }

    @Test
    void should_name_the_key_and_the_variable_when_a_variable_is_missing() {
        String message = failure("""
                models:
                  - name: gpt
                    provider: openai
                    model: gpt-4o-mini
                    api-key: ${OPENAI_API_KEY}
                """);
        assertTrue(message.contains("models[0].api-key"), message);
        assertTrue(message.contains("OPENAI_API_KEY"), message);
    }

    @Test
    void should_skip_a_keyless_real_provider_but_keep_the_mock() {
        GatewayConfig c = load("""
                models:
                  - name: mock
                    provider: mock
                  - name: gpt
                    provider: openai
                    model: gpt-4o-mini
                    api-key: ${OPENAI_API_KEY:-}
                """);
        assertEquals(List.of("mock"), c.models().stream().map(Deployment::alias).toList());
        assertEquals(List.of("gpt"), c.skippedModels());
    }

    @Test
    void should_refuse_a_config_with_no_usable_model() {
        assertTrue(failure("server:\n  port: 1\n").contains("models"));
        String message = failure("""
                models:
                  - name: gpt
                    provider: openai
                    model: gpt-4o-mini
                    api-key: ${OPENAI_API_KEY:-}
                """);
        assertTrue(message.contains("gpt") && message.contains("api-key"), message);
    }

    @Test
    void should_name_key_and_value_for_bad_values() {
        assertMessage(failure("server:\n  port: eighty\n" + MOCK), "server.port", "eighty");
        assertMessage(failure("server:\n  port: 70000\n" + MOCK), "server.port", "70000");
        assertMessage(failure("server:\n  max-body-size: 4 lots\n" + MOCK), "server.max-body-size", "4 lots");
        assertMessage(failure("server:\n  stream-keep-alive: 0s\n" + MOCK), "server.stream-keep-alive", "0s");
        assertMessage(failure("models:\n  - name: m\n    provider: mock\n    latency: soon\n"),
                "models[0].latency", "soon");
        assertMessage(failure("models:\n  - name: m\n    provider: openai\n    model: x\n    api-key: k\n"
                + "    timeout: -5s\n"), "models[0].timeout", "-5s");
        assertMessage(failure("models:\n  - name: m\n    provider: openai\n    model: x\n    api-key: k\n"
                + "    connect-timeout: 0s\n"), "models[0].connect-timeout", "0s");
        assertMessage(failure("models:\n  - name: m\n    provider: openia\n"), "models[0].provider", "openia");
        assertMessage(failure("models:\n  - name: m\n    provider: openai\n    model: x\n    api-key: k\n"
                + "    base-url: ftp://host\n"), "models[0].base-url", "ftp://host");
        assertMessage(failure("models:\n  - name: m\n    provider: mock\n    price: { input: -1 }\n"),
                "models[0].price.input", "-1");
        assertMessage(failure("models:\n  - name: m\n    provider: mock\n    price: { input: cheap }\n"),
                "models[0].price.input", "cheap");
        assertMessage(failure("models:\n  - name: 'bad alias!'\n    provider: mock\n"), "models[0].name",
                "bad alias!");
    }

    /** A secret that fails every check below: '+' is no alias, port, size, duration, URL or provider. */
    private static final String SECRET = "sk-live+9f8e7d6c5b4a3f2e1d0c";
    private static final String OPENAI = "  - name: gpt\\n    provider: openai\\n    model: x\\n    api-key: k\\n";

    @ParameterizedTest(name = "{1}")
    @CsvSource(delimiter = '|', value = {
            "server:\\n  port: ${LEAKY}\\n|server.port|${LEAKY}",
            "server:\\n  max-body-size: ${LEAKY}\\n|server.max-body-size|${LEAKY}",
            "models:\\n" + OPENAI + "    base-url: ${LEAKY}\\n|models[0].base-url|${LEAKY}",
            "models:\\n" + OPENAI + "    timeout: ${LEAKY}s\\n|models[0].timeout|${LEAKY}s",
            "models:\\n  - name: ${LEAKY}\\n    provider: mock\\n|models[0].name|${LEAKY}",
            "models:\\n  - name: \" ${LEAKY} \"\\n    provider: mock\\n|models[0].name|${LEAKY}",
            "models:\\n  - name: m\\n    provider: ${LEAKY}\\n|models[0].provider|${LEAKY}",
            "keys:\\n  - id: ${LEAKY}\\n    key: k1\\n|keys[0].id|${LEAKY}",
            "cache:\\n  ttl: ${LEAKY}\\n|cache.ttl|${LEAKY}",
            "cache:\\n  similarity-threshold: ${LEAKY}\\n|cache.similarity-threshold|${LEAKY}",
    })
    void should_show_the_variable_not_its_value_when_a_substituted_value_is_refused(String yaml, String key,
                                                                                  String shown) {
        String config = yaml.replace("\\n", "\n") + (yaml.startsWith("models:") ? "" : MOCK);
        ConfigException e = assertThrows(ConfigException.class, () -> load(config, Map.of("LEAKY", SECRET)));
        assertMessage(e.getMessage(), key, shown);
        for (Throwable t = e; t != null; t = t.getCause()) {
            assertFalse(String.valueOf(t.getMessage()).contains(SECRET), "secret in " + t);
            assertFalse(String.valueOf(t.getMessage()).contains("9f8e7d6c5b4a"), "part of the secret in " + t);
        }
    }

    @Test
    void should_show_the_variable_not_its_value_when_a_reloaded_cache_section_is_refused(@TempDir Path dir)
            throws Exception {
        Path file = dir.resolve("reprise.yaml");
        Files.writeString(file, "cache:\n  ttl: ${LEAKY}\n" + MOCK);
        ConfigException e = assertThrows(ConfigException.class,
                () -> new ConfigLoader(EnvSubstitution.of(Map.of("LEAKY", SECRET))).loadCacheSection(file));
        assertMessage(e.getMessage(), "cache.ttl", "${LEAKY}");
        for (Throwable t = e; t != null; t = t.getCause()) {
            assertFalse(String.valueOf(t.getMessage()).contains(SECRET), "secret in " + t);
        }
    }

    @Test
    void should_refuse_missing_and_misplaced_model_fields() {
        assertTrue(failure("models:\n  - provider: mock\n").contains("models[0].name"));
        assertTrue(failure("models:\n  - name: m\n").contains("models[0].provider"));
        assertTrue(failure("models:\n  - name: m\n    provider: openai\n    api-key: k\n").contains("models[0].model"));
        assertTrue(failure("models:\n  - name: m\n    provider: openai\n    model: x\n    api-key: k\n"
                + "    latency: 1s\n").contains("models[0].latency"));
        assertTrue(failure("models: mock\n").contains("models"));
    }

    @Test
    void should_refuse_duplicates() {
        assertTrue(failure("models:\n  - name: m\n    provider: mock\n  - name: m\n    provider: mock\n")
                .contains("models[1].name"));
        assertTrue(failure("keys:\n  - id: a\n    key: k1\n  - id: a\n    key: k2\n" + MOCK).contains("keys[1].id"));
        assertTrue(failure("keys:\n  - id: a\n    key: k1\n  - id: b\n    key: k1\n" + MOCK).contains("keys[1].key"));
        assertTrue(failure("server:\n  port: 1\nserver:\n  port: 2\n" + MOCK).contains("server"));
    }

    @Test
    void should_refuse_a_gateway_key_that_resolves_empty() {
        String message = failure("keys:\n  - id: bot\n    key: ${BOT_KEY:-}\n" + MOCK);
        assertTrue(message.contains("keys[0].key"), message);
        assertTrue(failure("keys:\n  - key: abc\n" + MOCK).contains("keys[0].id"));
    }

    @Test
    void should_report_invalid_yaml_with_its_line() {
        String message = failure("models:\n  - name: [unclosed\n");
        assertTrue(message.contains("test.yaml"), message);
        assertTrue(message.contains("line"), message);
    }

    @Test
    void should_run_the_default_config_with_the_mock_alone_when_no_key_is_set() {
        GatewayConfig c = new ConfigLoader(EnvSubstitution.of(Map.of())).loadDefault();
        assertEquals(List.of("mock"), c.models().stream().map(Deployment::alias).toList());
        assertEquals(Duration.ofMillis(300), c.models().get(0).latency());
        assertEquals(3, c.skippedModels().size());
    }

    @Test
    void should_show_a_real_provider_in_the_default_config_when_its_key_is_set() {
        GatewayConfig c = new ConfigLoader(EnvSubstitution.of(Map.of("OPENAI_API_KEY", "sk-live"))).loadDefault();
        assertEquals(List.of("mock", "gpt-4o-mini"), c.models().stream().map(Deployment::alias).toList());
    }

    @Test
    void should_prefer_the_explicit_file_then_the_working_dir_then_the_default(@TempDir Path dir) throws Exception {
        ConfigLoader loader = new ConfigLoader(EnvSubstitution.of(Map.of()));
        assertEquals(8080, loader.load(Optional.empty(), dir).server().port());

        Files.writeString(dir.resolve("reprise.yaml"), "server:\n  port: 8181\n" + MOCK);
        assertEquals(8181, loader.load(Optional.empty(), dir).server().port());

        Path explicit = dir.resolve("other.yaml");
        Files.writeString(explicit, "server:\n  port: 8282\n" + MOCK);
        assertEquals(8282, loader.load(Optional.of(explicit), dir).server().port());

        String missing = assertThrows(ConfigException.class,
                () -> loader.load(Optional.of(dir.resolve("nope.yaml")), dir)).getMessage();
        assertTrue(missing.contains("nope.yaml"), missing);
    }

    private static void assertMessage(String message, String key, String value) {
        assertTrue(message.contains(key), "names the key " + key + ": " + message);
        assertTrue(message.contains(value), "names the value " + value + ": " + message);
    }
}
