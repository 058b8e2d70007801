package dev.reprise.embeddings;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * A test double that wraps a real or fake embedding function, can hold its first {@code embedAll} call until the
 * test opens a gate, and records its calls and closes.
 */
final class ScriptedEmbedder implements Embedder {

    private final Function<List<String>, List<float[]>> embedAll;
    private final CountDownLatch gate = new CountDownLatch(1);
    private final CountDownLatch firstCallStarted = new CountDownLatch(1);
    private final boolean gated;
    final List<Integer> batchSizes = java.util.Collections.synchronizedList(new ArrayList<>());
    final AtomicInteger closes = new AtomicInteger();
    /** The threads that called the model, one per call. */
    final List<Thread> callers = java.util.Collections.synchronizedList(new ArrayList<>());

    private ScriptedEmbedder(Function<List<String>, List<float[]>> embedAll, boolean gated) {
        this.embedAll = embedAll;
        this.gated = gated;
    }

    /** Embeds through {@code real}, holding the first call until {@link #openGate()}. */
    static ScriptedEmbedder gatedOver(Embedder real) {
        return new ScriptedEmbedder(real::embedAll, true);
    }

    /** Fails every call with {@code error}, holding the first call until {@link #openGate()}. */
    static ScriptedEmbedder gatedFailing(RuntimeException error) {
        return new ScriptedEmbedder(texts -> {
            throw error;
        }, true);
    }

    /** Returns {@code [length of text, 0, 0]} for each text, without a gate. */
    static ScriptedEmbedder fake() {
        return new ScriptedEmbedder(texts -> texts.stream().map(t -> new float[] {t.length(), 0, 0}).toList(), false);
    }

    void openGate() {
        gate.countDown();
    }

    void awaitFirstCall() throws InterruptedException {
        if (!firstCallStarted.await(10, TimeUnit.SECONDS)) {
            throw new AssertionError("the batcher never called the delegate");
        }
    }

    @Override
    public float[] embed(String text) {
        return embedAll(List.of(text)).get(0);
    }

    @Override
    public List<float[]> embedAll(List<String> texts) {
        batchSizes.add(texts.size());
        callers.add(Thread.currentThread());
        firstCallStarted.countDown();
        if (gated) {
            try {
                if (!gate.await(10, TimeUnit.SECONDS)) {
                    throw new AssertionError("the test never opened the gate");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        return embedAll.apply(texts);
    }

    @Override
    public int dimension() {
        return 3;
    }

    @Override
    public String modelId() {
        return "scripted";
    }

    @Override
    public void close() {
        closes.incrementAndGet();
    }
}
