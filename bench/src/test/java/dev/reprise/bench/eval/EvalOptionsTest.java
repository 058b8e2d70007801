package dev.reprise.bench.eval;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.reprise.embeddings.EmbeddingModelChoice;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class EvalOptionsTest {

    @Test
    void should_parse_a_full_command_line() {
        EvalOptions o = EvalOptions.parse("--stream", "s.jsonl", "--pairs", "p.jsonl", "--model", "bge-small-en-v15-q",
                "--thresholds", "0.8:0.9:0.05", "--max-false-hits", "0.005", "--apply", "--config", "c.yaml",
                "--tokens-in", "100", "--price-out", "15", "--no-results", "--no-verify");

        assertEquals(List.of(Path.of("s.jsonl")), o.streams());
        assertEquals(List.of(Path.of("p.jsonl")), o.pairs());
        assertEquals(List.of(EmbeddingModelChoice.BGE_SMALL_EN_V15_Q), o.models());
        assertArrayEquals(new double[] {0.8, 0.85, 0.9}, o.thresholds(), 1e-12);
        assertEquals(0.005, o.maxFalseHits());
        assertTrue(o.apply());
        assertEquals(Path.of("c.yaml"), o.config());
        assertEquals(100, o.pricing().tokensIn());
        assertEquals(15.0, o.pricing().priceOutPer1M());
        assertEquals(null, o.resultsDir());
        assertTrue(!o.verify() && !o.defaultSuite());
    }

    @Test
    void should_pick_the_threshold_for_the_model_and_guards_of_the_config_it_applies_to(
            @org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        Path config = dir.resolve("reprise.yaml");
        java.nio.file.Files.writeString(config, """
                cache:
                  embedding-model: bge-small-en-v15-q
                  guards: { contextual: true }
                """);

        EvalOptions applied = EvalOptions.parse("--apply", "--config", config.toString());
        EvalOptions explicit = EvalOptions.parse("--apply", "--config", config.toString(), "--decision", "cosine");
        EvalOptions plain = EvalOptions.parse("--stream", "s.jsonl");

        assertEquals(List.of(EmbeddingModelChoice.BGE_SMALL_EN_V15_Q), applied.models());
        assertEquals(List.of(DecisionSetting.CONTEXTUAL_GUARDS), applied.decisions());
        assertEquals(List.of(DecisionSetting.COSINE), explicit.decisions());
        assertEquals(List.of(EmbeddingModelChoice.DEFAULT), plain.models());
        assertEquals(List.of(DecisionSetting.STRICT_GUARDS), plain.decisions(), "the gateway's default decision");
    }

    @Test
    void should_compare_every_model_and_decision() {
        EvalOptions o = EvalOptions.parse("--compare");

        assertEquals(List.of(EmbeddingModelChoice.values()), o.models());
        assertEquals(DecisionSetting.all(), o.decisions());
        assertTrue(o.defaultSuite());
    }

    @Test
    void should_compare_every_decision_for_the_model_named() {
        EvalOptions o = EvalOptions.parse("--compare", "--model", "all-minilm-l6-v2-q");

        assertEquals(List.of(EmbeddingModelChoice.ALL_MINILM_L6_V2_Q), o.models());
        assertTrue(o.decisions().contains(DecisionSetting.COMBINED), "the combined decision is compared too");
        assertEquals(DecisionSetting.COMBINED, EvalOptions.parse("--decision", "combined").decisions().getFirst());
    }

    @Test
    void should_name_the_option_in_errors() {
        var e = assertThrows(EvalOptions.UsageException.class, () -> EvalOptions.parse("--max-false-hits", "2"));
        assertTrue(e.getMessage().contains("--max-false-hits"), e.getMessage());
        assertThrows(EvalOptions.UsageException.class, () -> EvalOptions.parse("--model", "gpt"));
        assertThrows(EvalOptions.UsageException.class, () -> EvalOptions.parse("--thresholds", "0.9:0.8:0.1"));
        assertThrows(EvalOptions.UsageException.class, () -> EvalOptions.parse("--stream"));
        assertThrows(EvalOptions.UsageException.class, () -> EvalOptions.parse("--bogus", "x"));
    }

    @Test
    void should_run_the_verifier_decision_on_a_named_model_and_refuse_to_apply_it() {
        EvalOptions o = EvalOptions.parse("--decision", "verifier", "--verifier-model", "/tmp/my-verifier");

        assertTrue(o.decisions().getFirst().verifies());
        assertEquals(java.nio.file.Path.of("/tmp/my-verifier"), o.verifierModel());
        var e = assertThrows(EvalOptions.UsageException.class,
                () -> EvalOptions.parse("--decision", "verifier", "--apply"));
        assertTrue(e.getMessage().contains("cache.verifier.min-probability"), e.getMessage());
    }

    @Test
    void should_parse_the_judge_options_and_run_it_under_contextual_guards() {
        EvalOptions o = EvalOptions.parse("--judge", "--judge-budget", "0.2,0.05", "--judge-error", "0.02",
                "--judge-delay", "5", "--max-error", "0.01", "--judge-rule", "group", "--judge-price-in", "0.5",
                "--judge-floor", "0.8", "--judge-min-yes", "2,1");

        assertArrayEquals(new double[] {0.05, 0.2}, o.judge().budgets(), 1e-12);
        assertArrayEquals(new double[] {0.02}, o.judge().errors(), 1e-12);
        assertEquals(5, o.judge().delay());
        assertArrayEquals(new double[] {0.01}, o.judge().maxErrors(), 1e-12);
        assertEquals(List.of(JudgeRule.GROUP), o.judge().rules());
        assertEquals(0.5, o.judge().pricing().priceInPer1M());
        assertArrayEquals(new double[] {0.8}, o.judge().floors(), 1e-12);
        assertArrayEquals(new int[] {1, 2}, o.judge().minYes());
        assertEquals(List.of(DecisionSetting.CONTEXTUAL_GUARDS), o.decisions());
        assertEquals(null, EvalOptions.parse().judge(), "no judge unless asked");
    }

    @Test
    void should_refuse_a_judge_delay_below_one_and_an_error_of_one() {
        assertThrows(EvalOptions.UsageException.class, () -> EvalOptions.parse("--judge-delay", "0"));
        assertThrows(EvalOptions.UsageException.class, () -> EvalOptions.parse("--judge-error", "1"));
        assertThrows(EvalOptions.UsageException.class, () -> EvalOptions.parse("--judge-rule", "entry"));
        assertThrows(EvalOptions.UsageException.class, () -> EvalOptions.parse("--judge-min-yes", "0"));
    }
}
