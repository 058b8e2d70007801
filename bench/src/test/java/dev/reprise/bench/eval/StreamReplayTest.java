package dev.reprise.bench.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.reprise.cache.HitPolicy;
import dev.reprise.cache.SemanticLookup;
import dev.reprise.embeddings.Embedder;
import dev.reprise.embeddings.EmbeddingModelChoice;
import dev.reprise.embeddings.OnnxEmbedder;
import dev.reprise.embeddings.TextNormalizer;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The replay through the real MiniLM model and the real Lucene index, and the simulation that must agree with it. */
class StreamReplayTest {

    private static Embedder embedder;
    private static PreparedStream stream;

    @BeforeAll
    static void embed() {
        embedder = OnnxEmbedder.load(EmbeddingModelChoice.ALL_MINILM_L6_V2_Q);
        stream = PreparedStream.prepare("tiny", List.of(
                new StreamQuery("How do I reset my password?", "password"),
                new StreamQuery("What are your opening hours?", "hours"),
                new StreamQuery("how do i reset my password", "password"),
                new StreamQuery("I forgot my password, how can I reset it?", "password"),
                new StreamQuery("Where is my order 1234?", "order-1234"),
                new StreamQuery("Where is my order 5678?", "order-5678"),
                new StreamQuery("When do you open?", "hours")), new TextNormalizer(), embedder, Progress.NONE);
    }

    @AfterAll
    static void close() {
        embedder.close();
    }

    @Test
    void should_store_misses_and_serve_a_later_paraphrase_from_them() {
        List<LookupOutcome> outcomes = StreamReplay.replay(stream, HitPolicy.of(0.7), Progress.NONE);

        assertEquals(LookupOutcome.Tier.MISS, outcomes.get(0).tier());
        assertEquals(SemanticLookup.MissReason.EMPTY, outcomes.get(0).missReason());
        assertEquals(LookupOutcome.exact(0), outcomes.get(2), "same text after normalisation");
        assertEquals(LookupOutcome.Tier.SEMANTIC, outcomes.get(3).tier(), outcomes.get(3).toString());
        assertEquals(0, outcomes.get(3).servedFrom(), "the paraphrase is served the stored password answer");
        assertEquals(SemanticLookup.MissReason.GUARD_NUMBERS, outcomes.get(5).missReason());
        assertEquals(4, outcomes.get(5).best());
        StreamMetrics m = StreamMetrics.of(stream.queries(), outcomes, Pricing.DEFAULT);
        assertEquals(0, m.wrongHits());
    }

    @Test
    void should_hit_nothing_semantic_at_threshold_one() {
        List<LookupOutcome> outcomes = StreamReplay.replay(stream, HitPolicy.of(1.0), Progress.NONE);

        assertEquals(1, outcomes.stream().filter(LookupOutcome::isHit).count(), "only the exact repeat");
        assertTrue(outcomes.get(3).similarity() > 0.5 && outcomes.get(3).similarity() < 1);
    }

    @Test
    void should_simulate_exactly_what_the_real_index_does_at_every_threshold() {
        StreamSimulation simulation = new StreamSimulation(stream);
        for (double t : new double[] {0.3, 0.5, 0.7, 0.9}) {
            for (HitPolicy policy : List.of(HitPolicy.of(t), new HitPolicy(t, HitPolicy.Guards.NONE))) {
                List<LookupOutcome> real = StreamReplay.replay(stream, policy, Progress.NONE);
                List<LookupOutcome> simulated = simulation.run(policy);
                for (int i = 0; i < real.size(); i++) {
                    assertEquals(real.get(i).tier(), simulated.get(i).tier(), policy + " query " + i);
                    assertEquals(real.get(i).servedFrom(), simulated.get(i).servedFrom(), policy + " query " + i);
                    assertEquals(real.get(i).best(), simulated.get(i).best(), policy + " query " + i);
                    assertEquals(real.get(i).missReason(), simulated.get(i).missReason(), policy + " query " + i);
                }
            }
        }
    }

    @Test
    void should_simulate_exactly_what_the_real_index_does_when_a_verifier_decides() {
        // A scripted verifier: sure when both questions are about the same thing, as the stream's intents say.
        dev.reprise.cache.AnswerVerifier verifier = (question, stored) -> {
            float[] out = new float[stored.size()];
            for (int i = 0; i < out.length; i++) {
                out[i] = topic(question).equals(topic(stored.get(i))) ? 0.97f : 0.2f;
            }
            return out;
        };
        StreamSimulation simulation = new StreamSimulation(stream);
        for (double p : new double[] {0.1, 0.5, 0.99}) {
            HitPolicy policy = DecisionSetting.VERIFIER.at(p);
            List<LookupOutcome> real = StreamReplay.replay(stream, policy, verifier, Progress.NONE);
            List<LookupOutcome> simulated = simulation.run(policy, verifier);
            for (int i = 0; i < real.size(); i++) {
                assertEquals(real.get(i).tier(), simulated.get(i).tier(), "p " + p + " query " + i);
                assertEquals(real.get(i).servedFrom(), simulated.get(i).servedFrom(), "p " + p + " query " + i);
                assertEquals(real.get(i).best(), simulated.get(i).best(), "p " + p + " query " + i);
                assertEquals(real.get(i).missReason(), simulated.get(i).missReason(), "p " + p + " query " + i);
            }
        }
        List<LookupOutcome> atHalf = simulation.run(DecisionSetting.VERIFIER.at(0.5), verifier);
        assertEquals(1, atHalf.get(6).servedFrom(), "\"when do you open\" is served the opening hours answer");
        assertEquals(LookupOutcome.Tier.MISS, simulation.run(DecisionSetting.VERIFIER.at(0.99), verifier).get(6).tier());
        assertEquals(0, StreamMetrics.of(stream.queries(), atHalf, Pricing.DEFAULT).wrongHits());
    }

    private static String topic(String text) {
        return text.contains("password") ? "password" : text.contains("open") ? "hours" : text;
    }
}
