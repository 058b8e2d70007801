package dev.reprise.embeddings;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What every {@link PairVerifier} promises, as it is loaded by default. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class PairVerifierContractTest {

    static final String QUESTION = "How do I reset my password?";

    private PairVerifier verifier;

    /** A new verifier; the contract closes every one it asks for. */
    abstract PairVerifier create();

    @BeforeAll
    void load() {
        verifier = create();
    }

    @AfterAll
    void release() {
        verifier.close();
    }

    @Test
    void should_return_one_probability_per_candidate_in_order() {
        List<String> candidates = List.of("I forgot my password, how can I reset it?", "What is the weather in Paris?",
                QUESTION);
        float[] scores = verifier.verify(QUESTION, candidates);
        assertEquals(candidates.size(), scores.length);
        for (float p : scores) {
            assertTrue(p >= 0f && p <= 1f, "probability " + p);
        }
        for (int i = 0; i < candidates.size(); i++) {
            assertEquals(verifier.verify(QUESTION, List.of(candidates.get(i)))[0], scores[i], 1e-6f,
                    candidates.get(i));
        }
    }

    @Test
    void should_score_many_candidates_like_one_at_a_time() {
        List<String> candidates = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            candidates.add("how can I reset the password of account number " + i + " " + "please ".repeat(i % 7));
        }
        float[] all = verifier.verify(QUESTION, candidates);
        float[] single = new float[candidates.size()];
        for (int i = 0; i < candidates.size(); i++) {
            single[i] = verifier.verify(QUESTION, List.of(candidates.get(i)))[0];
        }
        assertArrayEquals(single, all, 1e-6f);
        assertArrayEquals(all, verifier.verify(QUESTION, candidates), "the same batch scores the same twice");
    }

    @Test
    void should_score_no_candidates_as_no_scores() {
        assertEquals(0, verifier.verify(QUESTION, List.of()).length);
    }

    @Test
    void should_score_a_very_long_candidate() {
        String longText = "The quick brown fox jumps over the lazy dog near the riverbank. ".repeat(167);
        float[] scores = assertDoesNotThrow(() -> verifier.verify(QUESTION, List.of(longText, QUESTION)));
        assertEquals(2, scores.length);
    }

    @Test
    void should_reject_nulls() {
        assertThrows(NullPointerException.class, () -> verifier.verify(null, List.of(QUESTION)));
        List<String> withNull = new ArrayList<>();
        withNull.add(null);
        assertThrows(NullPointerException.class, () -> verifier.verify(QUESTION, withNull));
        assertThrows(NullPointerException.class, () -> verifier.verify(QUESTION, null));
    }

    @Test
    void should_close_idempotently_and_refuse_work_after() {
        PairVerifier other = create();
        other.verify(QUESTION, List.of(QUESTION));
        other.close();
        assertDoesNotThrow(other::close);
        assertThrows(IllegalStateException.class, () -> other.verify(QUESTION, List.of(QUESTION)));
    }
}
