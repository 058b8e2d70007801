package dev.reprise.gateway.config;

import dev.reprise.cache.HitPolicy;
import dev.reprise.embeddings.EmbeddingModelChoice;
import dev.reprise.gateway.cache.CacheSettings;
import dev.reprise.gateway.cache.VerifierSettings;
import dev.reprise.gateway.judge.JudgeSettings;
import dev.reprise.gateway.querylog.QueryLogSettings;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The {@code cache:} section: defaults, every key, and errors that name the key and the value. */
class CacheConfigTest {

    private static final String MODELS = "models:\n  - name: mock\n    provider: mock\n    cache-threshold: 0.9\n";

    private static CacheSettings load(String cacheSection) {
        return new ConfigLoader(EnvSubstitution.of(Map.of())).loadYaml(MODELS + cacheSection, "test").cache();
    }

    private static String error(String cacheSection) {
        return assertThrows(ConfigException.class, () -> load(cacheSection)).getMessage();
    }

    @Test
    void should_use_the_named_defaults_without_a_cache_section() {
        CacheSettings s = load("");

        assertTrue(s.enabled());
        assertEquals(EmbeddingModelChoice.ALL_MINILM_L6_V2_Q, s.embeddingModel());
        assertEquals(CacheSettings.DEFAULT_THRESHOLD, s.similarityThreshold());
        assertEquals(0.9, s.thresholdFor("mock"), "models[].cache-threshold overrides per alias");
        assertEquals(CacheSettings.DEFAULT_TTL, s.ttl());
        assertEquals(HitPolicy.Guards.ALL, s.guards());
    }

    @Test
    void should_read_the_cache_section_alone_for_tools_that_need_only_it(@org.junit.jupiter.api.io.TempDir Path dir)
            throws Exception {
        Path file = dir.resolve("reprise.yaml");
        java.nio.file.Files.writeString(file, "cache:\n  embedding-model: bge-small-en-v15-q\n"
                + "  guards: { contextual: true }\n");
        Path bad = dir.resolve("bad.yaml");
        java.nio.file.Files.writeString(bad, "cache:\n  gaurds: { contextual: true }\n");
        ConfigLoader loader = new ConfigLoader(EnvSubstitution.of(Map.of()));

        CacheSettings s = loader.loadCacheSection(file);

        assertEquals(EmbeddingModelChoice.BGE_SMALL_EN_V15_Q, s.embeddingModel());
        assertEquals(HitPolicy.Guards.CONTEXTUAL, s.guards());
        String message = assertThrows(ConfigException.class, () -> loader.loadCacheSection(bad)).getMessage();
        assertTrue(message.contains("cache.gaurds"), message);
    }

    @Test
    void should_read_every_key() {
        CacheSettings s = load("""
                cache:
                  enabled: false
                  embedding-model: bge-small-en-v15-q
                  similarity-threshold: 0.93
                  ttl: never
                  max-entries: 500
                  max-temperature: 0.5
                  cache-tool-calls: true
                  guards: { numbers: false, negation: true, contextual: true }
                  normalization: { strip-pleasantries: false }
                  commit-interval: 2s
                  exact-search-limit: 50000
                """);

        assertEquals(false, s.enabled());
        assertEquals(EmbeddingModelChoice.BGE_SMALL_EN_V15_Q, s.embeddingModel());
        assertEquals(0.93, s.similarityThreshold());
        assertNull(s.ttl(), "never keeps entries until evicted");
        assertEquals(500, s.maxEntries());
        assertEquals(0.5, s.maxTemperature());
        assertTrue(s.cacheToolCalls());
        assertEquals(new HitPolicy.Guards(false, true, true), s.guards());
        assertEquals(false, s.normalization().stripPleasantries());
        assertTrue(s.normalization().lowercase());
        assertEquals(Duration.ofSeconds(2), s.commitInterval());
        assertEquals(50000, s.exactSearchLimit());
        assertEquals(CacheSettings.DEFAULT_EXACT_SEARCH_LIMIT, load("").exactSearchLimit());
    }

    @Test
    void should_name_the_key_and_value_of_a_bad_setting() {
        assertTrue(error("cache:\n  similarity-threshold: 1.5\n").contains("cache.similarity-threshold must be in (0, 1], got 1.5"));
        assertTrue(error("cache:\n  embedding-model: word2vec\n").contains("cache.embedding-model"));
        assertTrue(error("cache:\n  embedding-model: word2vec\n").contains("word2vec"));
        assertTrue(error("cache:\n  ttl: soon\n").contains("cache.ttl"));
        assertTrue(error("cache:\n  max-entries: 0\n").contains("cache.max-entries"));
        assertTrue(error("cache:\n  exact-search-limit: -1\n").contains("cache.exact-search-limit must be between 0"));
        assertTrue(error("cache:\n  thresold: 0.9\n").contains("cache.thresold: unknown key"));
        assertTrue(error("cache:\n  guards: { numbrs: true }\n").contains("cache.guards.numbrs"));
    }

    @Test
    void should_keep_the_query_log_off_by_default_and_read_its_keys() {
        QueryLogSettings off = load("").queryLog();
        QueryLogSettings on = load("""
                cache:
                  query-log:
                    enabled: true
                    max-size: 8MiB
                    path: /var/lib/reprise/queries
                """).queryLog();

        assertFalse(off.enabled(), "it stores user text: off unless asked");
        assertEquals(QueryLogSettings.DEFAULT_MAX_SIZE, off.maxSize());
        assertEquals(Path.of("data", "query-log"), off.folderUnder(Path.of("data")));
        assertTrue(on.enabled());
        assertEquals(8L << 20, on.maxSize());
        assertEquals(Path.of("/var/lib/reprise/queries"), on.folderUnder(Path.of("data")));
    }

    @Test
    void should_name_the_key_of_a_bad_query_log_setting() {
        assertTrue(error("cache:\n  query-log: { max-size: 100 }\n").contains("cache.query-log.max-size must be at least"));
        assertTrue(error("cache:\n  query-log: { max-size: lots }\n").contains("cache.query-log.max-size: 'lots' is not a size"));
        assertTrue(error("cache:\n  query-log: { enabeld: true }\n").contains("cache.query-log.enabeld: unknown key"));
    }

    @Test
    void should_refuse_a_query_log_change_on_hot_reload() {
        CacheSettings running = load("");
        CacheSettings edited = load("cache:\n  query-log: { enabled: true }\n");

        assertEquals("cache.query-log", edited.fixedSettingChangedFrom(running));
    }

    @Test
    void should_refuse_an_exact_search_limit_change_on_hot_reload() {
        CacheSettings running = load("");
        CacheSettings edited = load("cache:\n  exact-search-limit: 50000\n");

        assertEquals("cache.exact-search-limit", edited.fixedSettingChangedFrom(running));
    }

    @Test
    void should_read_the_verifier_section_with_its_defaults() {
        VerifierSettings off = load("").verifier();
        assertEquals(VerifierSettings.defaults(), off);

        VerifierSettings on = load("cache:\n  verifier:\n    enabled: true\n    min-probability: 0.8\n"
                + "    candidates: 5\n    recall-floor: 0.5\n    model: /opt/verifier\n").verifier();

        assertTrue(on.enabled());
        assertEquals(0.8, on.minProbability());
        assertEquals(5, on.candidates());
        assertEquals(0.5, on.recallFloor());
        assertEquals(Path.of("/opt/verifier"), on.model());
    }

    @Test
    void should_name_the_verifier_key_and_value_that_are_wrong() {
        assertTrue(error("cache:\n  verifier:\n    min-probability: 1.5\n")
                .contains("cache.verifier.min-probability must be between 0 and 1, got 1.5"));
        assertTrue(error("cache:\n  verifier:\n    candidates: 0\n")
                .contains("cache.verifier.candidates must be between 1 and 10, got 0"));
        assertTrue(error("cache:\n  verifier:\n    recall-floor: -0.1\n")
                .contains("cache.verifier.recall-floor"));
        assertTrue(error("cache:\n  verifier:\n    min-probabilty: 0.9\n").contains("min-probabilty"));
    }

    @Test
    void should_reload_the_verifier_rule_but_not_the_model() {
        CacheSettings running = load("cache:\n  verifier:\n    enabled: true\n");

        assertNull(load("cache:\n  verifier:\n    enabled: true\n    min-probability: 0.7\n")
                .fixedSettingChangedFrom(running));
        assertEquals("cache.verifier.enabled or cache.verifier.model",
                load("cache:\n  verifier:\n    enabled: false\n").fixedSettingChangedFrom(running));
        assertEquals("cache.verifier.enabled or cache.verifier.model",
                load("cache:\n  verifier:\n    enabled: true\n    model: /elsewhere\n").fixedSettingChangedFrom(running));
    }

    @Test
    void should_read_the_judge_section_off_by_default_with_its_named_defaults() {
        JudgeSettings off = load("").judge();
        assertFalse(off.enabled());
        assertEquals(JudgeSettings.defaults(), off);
        JudgeSettings on = load("cache:\n  judge:\n    alias: mock\n    floor: 0.85\n    max-per-minute: 10\n"
                + "    max-share: 0.1\n    daily-budget-usd: 2.5\n    min-yes: 2\n    queue-capacity: 50\n"
                + "    timeout: 5s\n    prompt: \"Q {new_question} C {cached_question} A {cached_answer}\"\n").judge();
        assertTrue(on.enabled());
        assertEquals("mock", on.alias());
        assertEquals(0.85, on.floor());
        assertEquals(10, on.maxPerMinute());
        assertEquals(0.1, on.maxShare());
        assertEquals(2.5, on.dailyBudgetUsd());
        assertEquals(2, on.minYes());
        assertEquals(50, on.queueCapacity());
        assertEquals(Duration.ofSeconds(5), on.timeout());
        assertEquals("Q x C y A z", on.prompt().render("x", "y", "z"));
    }

    @Test
    void should_name_the_judge_key_and_value_that_are_wrong() {
        assertTrue(error("cache:\n  judge:\n    alias: gpt-judge\n")
                .contains("cache.judge.alias: 'gpt-judge' is not a configured model alias"));
        assertTrue(error("cache:\n  judge:\n    alias: mock\n    floor: 1.5\n")
                .contains("cache.judge.floor must be in (0, 1], got 1.5"));
        assertTrue(error("cache:\n  judge:\n    alias: mock\n    max-share: 0\n")
                .contains("cache.judge.max-share must be in (0, 1], got 0.0"));
        assertTrue(error("cache:\n  judge:\n    alias: mock\n    daily-budget-usd: -1\n")
                .contains("cache.judge.daily-budget-usd"));
        assertTrue(error("cache:\n  judge:\n    alias: mock\n    timeout: 0s\n").contains("cache.judge.timeout"));
        assertTrue(error("cache:\n  judge:\n    alias: mock\n    prompt: \"no placeholders\"\n")
                .contains("cache.judge.prompt must contain {new_question}"));
    }

    @Test
    void should_need_a_restart_for_the_judge() {
        CacheSettings running = load("cache:\n  judge:\n    alias: mock\n");
        assertEquals("cache.judge", load("cache:\n  judge:\n    alias: mock\n    floor: 0.9\n")
                .fixedSettingChangedFrom(running));
    }
}
