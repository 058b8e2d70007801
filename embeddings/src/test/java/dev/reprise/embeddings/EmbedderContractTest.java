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

/** What every {@link Embedder} promises, run against the real packaged models. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class EmbedderContractTest {

    static final String QUESTION = "How do I reset my password?";
    static final String PARAPHRASE = "I forgot my password, how can I reset it?";
    static final String UNRELATED = "What is the weather in Paris?";

    private Embedder embedder;

    /** A new embedder; the contract closes every one it asks for. */
    abstract Embedder create();

    abstract String expectedModelId();

    @BeforeAll
    void load() {
        embedder = create();
    }

    @AfterAll
    void release() {
        embedder.close();
    }

    @Test
    void should_return_unit_vectors_of_dimension_384() {
        assertEquals(384, embedder.dimension());
        for (String text : List.of(QUESTION, "a", "", "ünïcödé and emoji \uD83D\uDE00")) {
            float[] v = embedder.embed(text);
            assertEquals(384, v.length, text);
            assertEquals(1.0, Vectors.dot(v, v), 1e-5, text);
        }
    }

    @Test
    void should_name_its_model() {
        assertEquals(expectedModelId(), embedder.modelId());
    }

    @Test
    void should_give_identical_vectors_for_identical_texts() {
        assertArrayEquals(embedder.embed(QUESTION), embedder.embed(QUESTION));
    }

    @Test
    void should_score_a_paraphrase_above_an_unrelated_text() {
        float[] question = embedder.embed(QUESTION);
        double paraphrase = Vectors.dot(question, embedder.embed(PARAPHRASE));
        double unrelated = Vectors.dot(question, embedder.embed(UNRELATED));
        assertTrue(paraphrase > unrelated + 0.2, "paraphrase " + paraphrase + " vs unrelated " + unrelated);
    }

    @Test
    void should_embed_all_like_one_by_one_across_padded_batches() {
        List<String> texts = new ArrayList<>(List.of(QUESTION, "hi", UNRELATED,
                "A considerably longer text that forces every shorter text in the same batch to be padded with "
                        + "many pad tokens, which the attention mask has to hide from the model and the pooling.",
                PARAPHRASE, QUESTION));
        for (int i = 0; i < 30; i++) {
            texts.add("filler text number " + i + " " + "word ".repeat(i));
        }
        List<float[]> all = embedder.embedAll(texts);
        assertEquals(texts.size(), all.size());
        for (int i = 0; i < texts.size(); i++) {
            assertArrayEquals(embedder.embed(texts.get(i)), all.get(i), 1e-4f, texts.get(i));
        }
    }

    @Test
    void should_embed_an_empty_list_as_an_empty_list() {
        assertEquals(List.of(), embedder.embedAll(List.of()));
    }

    @Test
    void should_embed_a_2000_word_text_as_a_unit_vector() {
        String text = "The quick brown fox jumps over the lazy dog near the riverbank. ".repeat(167);
        float[] v = assertDoesNotThrow(() -> embedder.embed(text));
        assertEquals(384, v.length);
        assertEquals(1.0, Vectors.dot(v, v), 1e-5);
    }

    @Test
    void should_reject_null_texts() {
        assertThrows(NullPointerException.class, () -> embedder.embed(null));
        List<String> withNull = new ArrayList<>();
        withNull.add(null);
        assertThrows(NullPointerException.class, () -> embedder.embedAll(withNull));
    }

    @Test
    void should_close_idempotently_and_refuse_work_after() {
        Embedder other = create();
        other.embed(QUESTION);
        other.close();
        assertDoesNotThrow(other::close);
        assertThrows(IllegalStateException.class, () -> other.embed(QUESTION));
        assertThrows(IllegalStateException.class, () -> other.embedAll(List.of(QUESTION)));
    }
}
