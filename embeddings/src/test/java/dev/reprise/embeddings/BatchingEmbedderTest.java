package dev.reprise.embeddings;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BatchingEmbedderTest {

    private static final int CALLERS = 16;

    private static OnnxEmbedder reference;
    private static ExecutorService callers;

    @BeforeAll
    static void load() {
        reference = OnnxEmbedder.load(EmbeddingModelChoice.ALL_MINILM_L6_V2_Q);
        callers = Executors.newFixedThreadPool(CALLERS);
    }

    @AfterAll
    static void release() {
        callers.shutdownNow();
        reference.close();
    }

    @Test
    void should_give_each_of_16_concurrent_callers_its_own_vector_in_two_batches() throws Exception {
        OnnxEmbedder model = OnnxEmbedder.load(EmbeddingModelChoice.ALL_MINILM_L6_V2_Q);
        ScriptedEmbedder gated = ScriptedEmbedder.gatedOver(model);
        try (BatchingEmbedder batcher = new BatchingEmbedder(gated)) {
            List<String> texts = distinctTexts();
            List<Future<float[]>> results = new ArrayList<>();
            results.add(callers.submit(() -> batcher.embed(texts.get(0))));
            gated.awaitFirstCall();
            for (String text : texts.subList(1, CALLERS)) {
                results.add(callers.submit(() -> batcher.embed(text)));
            }
            awaitQueued(batcher, CALLERS - 1);
            gated.openGate();

            for (int i = 0; i < CALLERS; i++) {
                assertArrayEquals(reference.embed(texts.get(i)), results.get(i).get(10, TimeUnit.SECONDS),
                        1e-6f, texts.get(i));
            }
            assertEquals(List.of(1, CALLERS - 1), gated.batchSizes);
            assertEquals(2, batcher.batchCount());
            assertEquals(CALLERS, batcher.batchedTextCount());
        } finally {
            model.close();
        }
    }

    @Test
    void should_cut_model_runs_below_requests_with_a_batching_model() throws Exception {
        OnnxEmbedder model = OnnxEmbedder.load(EmbeddingModelChoice.ALL_MINILM_L6_V2_Q, BatchExecution.ONE_RUN_PER_BATCH);
        ScriptedEmbedder gated = ScriptedEmbedder.gatedOver(model);
        try (BatchingEmbedder batcher = new BatchingEmbedder(gated)) {
            List<String> texts = distinctTexts();
            List<Future<float[]>> results = new ArrayList<>();
            results.add(callers.submit(() -> batcher.embed(texts.get(0))));
            gated.awaitFirstCall();
            for (String text : texts.subList(1, CALLERS)) {
                results.add(callers.submit(() -> batcher.embed(text)));
            }
            awaitQueued(batcher, CALLERS - 1);
            gated.openGate();

            List<float[]> expected = reference.embedAll(texts);
            for (int i = 0; i < CALLERS; i++) {
                float[] got = results.get(i).get(10, TimeUnit.SECONDS);
                // Batched vectors differ slightly from single runs, so check each is nearest its own text.
                assertEquals(i, nearest(got, expected), texts.get(i));
            }
            assertEquals(2, model.modelRuns());
        } finally {
            model.close();
        }
    }

    @Test
    void should_not_wait_for_company_when_alone() {
        ScriptedEmbedder fake = ScriptedEmbedder.fake();
        try (BatchingEmbedder batcher = new BatchingEmbedder(fake)) {
            assertArrayEquals(new float[] {5, 0, 0}, batcher.embed("hello"));
            assertArrayEquals(new float[] {2, 0, 0}, batcher.embed("hi"));
            assertEquals(List.of(1, 1), fake.batchSizes);
            assertEquals(2, batcher.batchCount());
        }
    }

    @Test
    void should_run_a_lone_caller_on_its_own_thread_and_queue_the_rest_behind_it() throws Exception {
        ScriptedEmbedder gated = ScriptedEmbedder.gatedOver(ScriptedEmbedder.fake());
        try (BatchingEmbedder batcher = new BatchingEmbedder(gated)) {
            Thread[] lone = new Thread[1];
            Future<float[]> first = callers.submit(() -> {
                lone[0] = Thread.currentThread();
                return batcher.embed("first");
            });
            gated.awaitFirstCall();
            // The model is busy with the lone caller: these wait for the worker, in one batch.
            Future<float[]> second = callers.submit(() -> batcher.embed("second"));
            Future<float[]> third = callers.submit(() -> batcher.embed("third"));
            awaitQueued(batcher, 2);
            gated.openGate();

            assertArrayEquals(new float[] {5, 0, 0}, first.get(10, TimeUnit.SECONDS));
            assertArrayEquals(new float[] {6, 0, 0}, second.get(10, TimeUnit.SECONDS));
            assertArrayEquals(new float[] {5, 0, 0}, third.get(10, TimeUnit.SECONDS));
            assertEquals(List.of(1, 2), gated.batchSizes);
            assertSame(lone[0], gated.callers.get(0), "the lone caller ran its own text");
            assertEquals("reprise-embed-batcher", gated.callers.get(1).getName(), "the worker ran the batch");
        }
    }

    @Test
    void should_split_a_queue_longer_than_max_batch() throws Exception {
        ScriptedEmbedder gated = ScriptedEmbedder.gatedOver(ScriptedEmbedder.fake());
        try (BatchingEmbedder batcher = new BatchingEmbedder(gated, 4)) {
            Future<float[]> first = callers.submit(() -> batcher.embed("first"));
            gated.awaitFirstCall();
            Future<List<float[]>> rest = callers.submit(() -> batcher.embedAll(List.of("a", "bb", "ccc", "dddd", "eeeee", "ffffff")));
            awaitQueued(batcher, 6);
            gated.openGate();

            assertArrayEquals(new float[] {5, 0, 0}, first.get(10, TimeUnit.SECONDS));
            List<float[]> vectors = rest.get(10, TimeUnit.SECONDS);
            for (int i = 0; i < 6; i++) {
                assertEquals(i + 1, vectors.get(i)[0]);
            }
            assertEquals(List.of(1, 4, 2), gated.batchSizes);
        }
    }

    @Test
    void should_propagate_a_delegate_failure_to_every_waiting_caller() throws Exception {
        RuntimeException boom = new RuntimeException("boom");
        ScriptedEmbedder failing = ScriptedEmbedder.gatedFailing(boom);
        try (BatchingEmbedder batcher = new BatchingEmbedder(failing)) {
            List<Future<float[]>> results = new ArrayList<>();
            results.add(callers.submit(() -> batcher.embed("first")));
            failing.awaitFirstCall();
            for (int i = 0; i < 5; i++) {
                String text = "text " + i;
                results.add(callers.submit(() -> batcher.embed(text)));
            }
            awaitQueued(batcher, 5);
            failing.openGate();

            for (Future<float[]> result : results) {
                var thrown = assertThrows(java.util.concurrent.ExecutionException.class,
                        () -> result.get(10, TimeUnit.SECONDS));
                assertTrue(thrown.getCause() instanceof EmbeddingException, thrown.getCause().toString());
                assertSame(boom, thrown.getCause().getCause());
            }
            assertEquals(List.of(1, 5), failing.batchSizes);
            // The worker survives a failed batch.
            assertThrows(EmbeddingException.class, () -> batcher.embed("again"));
        }
    }

    @Test
    void should_finish_queued_texts_on_close_then_refuse_new_ones() throws Exception {
        ScriptedEmbedder gated = ScriptedEmbedder.gatedOver(ScriptedEmbedder.fake());
        BatchingEmbedder batcher = new BatchingEmbedder(gated);
        List<Future<float[]>> results = new ArrayList<>();
        results.add(callers.submit(() -> batcher.embed("first")));
        gated.awaitFirstCall();
        for (int i = 0; i < 3; i++) {
            results.add(callers.submit(() -> batcher.embed("queued")));
        }
        awaitQueued(batcher, 3);
        Future<?> closing = callers.submit(batcher::close);
        while (!closing.isDone() && batcher.queuedCount() < 4) { // three texts and the stop marker
            Thread.sleep(1);
        }
        assertThrows(IllegalStateException.class, () -> batcher.embed("late"));
        gated.openGate();
        closing.get(10, TimeUnit.SECONDS);

        assertArrayEquals(new float[] {5, 0, 0}, results.get(0).get(10, TimeUnit.SECONDS));
        for (Future<float[]> queued : results.subList(1, 4)) {
            assertArrayEquals(new float[] {6, 0, 0}, queued.get(10, TimeUnit.SECONDS));
        }
        assertEquals(1, gated.closes.get());
    }

    @Test
    void should_close_idempotently_closing_the_delegate_once() {
        ScriptedEmbedder fake = ScriptedEmbedder.fake();
        BatchingEmbedder batcher = new BatchingEmbedder(fake);
        batcher.embed("x");
        batcher.close();
        batcher.close();
        assertEquals(1, fake.closes.get());
        assertThrows(IllegalStateException.class, () -> batcher.embed("x"));
        assertThrows(IllegalStateException.class, () -> batcher.embedAll(List.of("x")));
    }

    @Test
    void should_end_its_task_on_an_injected_executor_but_leave_the_executor_running() throws Exception {
        ExecutorService executor = Executors.newSingleThreadExecutor();
        try {
            BatchingEmbedder batcher = new BatchingEmbedder(ScriptedEmbedder.fake(), 8, executor);
            assertArrayEquals(new float[] {3, 0, 0}, batcher.embed("abc"));
            batcher.close();
            assertFalse(executor.isShutdown());
            // The single thread is free again only if the batcher's task ended.
            assertEquals("free", executor.submit(() -> "free").get(10, TimeUnit.SECONDS));
        } finally {
            executor.shutdownNow();
        }
    }

    @Test
    void should_reject_a_max_batch_below_one() {
        var e = assertThrows(IllegalArgumentException.class, () -> new BatchingEmbedder(ScriptedEmbedder.fake(), 0));
        assertTrue(e.getMessage().contains("maxBatch"), e.getMessage());
    }

    private static List<String> distinctTexts() {
        List<String> topics = List.of("password reset", "weather in Paris", "baking sourdough bread",
                "JVM garbage collection", "tax returns", "football world cup", "learning the violin",
                "Mars rovers", "sushi recipes", "stock markets", "knitting a scarf", "quantum computing",
                "dog training", "Roman history", "electric cars", "meditation");
        return topics.stream().map(t -> "Tell me about " + t).toList();
    }

    private static int nearest(float[] v, List<float[]> candidates) {
        int best = -1;
        double bestScore = -2;
        for (int i = 0; i < candidates.size(); i++) {
            double score = Vectors.dot(v, candidates.get(i));
            if (score > bestScore) {
                bestScore = score;
                best = i;
            }
        }
        return best;
    }

    private static void awaitQueued(BatchingEmbedder batcher, int count) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (batcher.queuedCount() < count) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("only " + batcher.queuedCount() + " of " + count + " texts queued");
            }
            Thread.sleep(1);
        }
    }
}
