package dev.reprise.embeddings;

import dev.langchain4j.model.embedding.EmbeddingModel;
import dev.langchain4j.model.embedding.onnx.allminilml6v2q.AllMiniLmL6V2QuantizedEmbeddingModel;
import dev.langchain4j.model.embedding.onnx.bgesmallenv15q.BgeSmallEnV15QuantizedEmbeddingModel;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.Collections;
import java.util.List;
import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What is particular to the ONNX embedder: the window, the pooling, and how texts map to model runs. */
class OnnxEmbedderTest {

    private static final long CLS = 101;
    private static final long SEP = 102;
    private static final String LONG_HEAD = "The quick brown fox jumps over the lazy dog near the riverbank. ".repeat(100);

    @ParameterizedTest
    @EnumSource(EmbeddingModelChoice.class)
    void should_truncate_the_tail_of_texts_longer_than_the_window(EmbeddingModelChoice choice) {
        try (OnnxEmbedder embedder = OnnxEmbedder.load(choice)) {
            long[] ids = embedder.tokenIds(LONG_HEAD + "apples");
            assertEquals(choice.maxTokens(), ids.length);
            assertEquals(CLS, ids[0]);
            assertEquals(SEP, ids[ids.length - 1]);

            // Only the head is embedded, so texts differing after the window embed alike.
            assertArrayEquals(embedder.embed(LONG_HEAD + "apples"), embedder.embed(LONG_HEAD + "bananas"));
            assertNotEquals(Vectors.dot(embedder.embed("apples"), embedder.embed("bananas")), 1.0, 1e-3);
        }
    }

    @ParameterizedTest
    @EnumSource(EmbeddingModelChoice.class)
    void should_see_the_same_window_when_only_the_head_of_a_long_text_is_tokenised(EmbeddingModelChoice choice) {
        // Prose, a run of digits and symbols, an encoded blob with spaces, CJK: each longer than the head read.
        List<String> texts = List.of(LONG_HEAD.repeat(20), "4111-1111 #42/7 ".repeat(5_000),
                "aGVsbG8gd29ybGQgdGhpcyBpcyBhIHRlc3Q= ".repeat(3_000), "请问我的订单什么时候发货？".repeat(2_000),
                "x".repeat(100_000));
        try (OnnxEmbedder embedder = OnnxEmbedder.load(choice)) {
            for (String text : texts) {
                assertArrayEquals(embedder.tokenIdsOfWhole(text), embedder.tokenIds(text), text.substring(0, 20));
            }
        }
    }

    @ParameterizedTest
    @EnumSource(EmbeddingModelChoice.class)
    void should_match_the_vectors_of_langchain4j_for_the_same_model(EmbeddingModelChoice choice) {
        // LangChain4j's own model class proves we chose the same tokenizer, pooling and normalisation.
        Supplier<EmbeddingModel> reference = switch (choice) {
            case ALL_MINILM_L6_V2_Q -> AllMiniLmL6V2QuantizedEmbeddingModel::new;
            case BGE_SMALL_EN_V15_Q -> BgeSmallEnV15QuantizedEmbeddingModel::new;
        };
        EmbeddingModel langchain4j = reference.get();
        try (OnnxEmbedder embedder = OnnxEmbedder.load(choice)) {
            for (String text : List.of(EmbedderContractTest.QUESTION, "Café au lait, s'il vous plaît!", "x")) {
                float[] expected = langchain4j.embed(text).content().vector();
                assertArrayEquals(expected, embedder.embed(text), 1e-4f, text);
            }
        }
    }

    @ParameterizedTest
    @EnumSource(EmbeddingModelChoice.class)
    void should_run_the_model_once_per_text_by_default(EmbeddingModelChoice choice) {
        try (OnnxEmbedder embedder = OnnxEmbedder.load(choice)) {
            assertEquals(BatchExecution.ONE_RUN_PER_TEXT, embedder.batchExecution());
            embedder.embedAll(List.of("one", "two", "three"));
            assertEquals(3, embedder.modelRuns());
        }
    }

    @ParameterizedTest
    @EnumSource(EmbeddingModelChoice.class)
    void should_run_padded_batches_once_each_and_stay_close_to_single_runs(EmbeddingModelChoice choice) {
        try (OnnxEmbedder embedder = OnnxEmbedder.load(choice, BatchExecution.ONE_RUN_PER_BATCH)) {
            List<String> texts = List.of(EmbedderContractTest.QUESTION, "hi", EmbedderContractTest.UNRELATED,
                    LONG_HEAD.substring(0, 400), EmbedderContractTest.PARAPHRASE);
            List<float[]> batched = embedder.embedAll(texts);
            assertEquals(1, embedder.modelRuns());
            for (int i = 0; i < texts.size(); i++) {
                float[] single = embedder.embed(texts.get(i));
                assertEquals(1.0, Vectors.dot(batched.get(i), batched.get(i)), 1e-5);
                // Dynamic quantisation scales by the whole batch, so only near-equality holds (0.98 for "hi").
                assertTrue(Vectors.dot(single, batched.get(i)) > 0.97, texts.get(i));
            }
        }
    }

    @ParameterizedTest
    @EnumSource(EmbeddingModelChoice.class)
    void should_give_a_text_batched_with_copies_of_itself_its_single_vector(EmbeddingModelChoice choice) {
        try (OnnxEmbedder embedder = OnnxEmbedder.load(choice, BatchExecution.ONE_RUN_PER_BATCH)) {
            float[] single = embedder.embed(EmbedderContractTest.QUESTION);
            for (float[] v : embedder.embedAll(Collections.nCopies(4, EmbedderContractTest.QUESTION))) {
                assertArrayEquals(single, v, 1e-6f);
            }
        }
    }

    @ParameterizedTest
    @EnumSource(EmbeddingModelChoice.class)
    void should_split_large_lists_into_batches_of_at_most_max_batch(EmbeddingModelChoice choice) {
        try (OnnxEmbedder embedder = OnnxEmbedder.load(choice, BatchExecution.ONE_RUN_PER_BATCH)) {
            List<float[]> vectors = embedder.embedAll(Collections.nCopies(OnnxEmbedder.MAX_BATCH + 1, "short"));
            assertEquals(OnnxEmbedder.MAX_BATCH + 1, vectors.size());
            assertEquals(2, embedder.modelRuns());
        }
    }
}
