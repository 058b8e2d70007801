package dev.reprise.embeddings;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;

/**
 * An {@link Embedder} that funnels concurrent {@link #embed(String)} calls through one worker, which takes whatever
 * texts are waiting (up to a maximum) and embeds them with a single {@link Embedder#embedAll(List)} call on the
 * delegate. Under load one model call serves many requests. A caller that finds the model idle and nobody waiting
 * runs its text on its own thread: handing it to the worker and back would cost two thread wake-ups, a tenth of a
 * short query's embedding on a busy machine. Only one model call runs at a time either way, so embedding uses at most
 * one core however many requests are in flight, and at most one request thread sits in native code.
 *
 * <p>The batcher owns its delegate and closes it in {@link #close()}. An exception from the delegate reaches every
 * caller of the failed batch: an {@link IllegalStateException} as a new one, anything else as the cause of an
 * {@link EmbeddingException}.
 */
public final class BatchingEmbedder implements Embedder {

    /** Texts per delegate call when none is given. */
    public static final int DEFAULT_MAX_BATCH = 16;

    private static final long CLOSE_WAIT_SECONDS = 30;

    private final Embedder delegate;
    private final int maxBatch;
    private final LinkedBlockingQueue<Pending> queue = new LinkedBlockingQueue<>();
    /** Held by whoever calls the delegate: the worker for a batch, or a lone caller for its own text. */
    private final Semaphore model = new Semaphore(1);
    /** Texts the worker has taken off the queue but not yet started (it waits for the model). */
    private volatile int held;
    private final CompletableFuture<Void> workerDone = new CompletableFuture<>();
    private final AtomicBoolean closed = new AtomicBoolean();
    // False once close() starts or the worker ends; checked by callers so that nobody queues for a dead worker.
    private volatile boolean accepting = true;
    private final LongAdder batches = new LongAdder();
    private final LongAdder texts = new LongAdder();

    /** Batches up to {@value #DEFAULT_MAX_BATCH} texts on a daemon thread the batcher starts and stops itself. */
    public BatchingEmbedder(Embedder delegate) {
        this(delegate, DEFAULT_MAX_BATCH);
    }

    /** Batches up to {@code maxBatch} texts on a daemon thread the batcher starts and stops itself. */
    public BatchingEmbedder(Embedder delegate, int maxBatch) {
        this.delegate = Objects.requireNonNull(delegate, "delegate");
        this.maxBatch = checkMaxBatch(maxBatch);
        Thread.ofPlatform().name("reprise-embed-batcher").daemon().start(this::work);
    }

    /**
     * Batches up to {@code maxBatch} texts on one long-running task submitted to {@code executor}, which must run it
     * on a thread of its own; {@link #close()} ends the task but leaves the executor running.
     */
    public BatchingEmbedder(Embedder delegate, int maxBatch, Executor executor) {
        this.delegate = Objects.requireNonNull(delegate, "delegate");
        this.maxBatch = checkMaxBatch(maxBatch);
        Objects.requireNonNull(executor, "executor").execute(this::work);
    }

    @Override
    public float[] embed(String text) {
        Objects.requireNonNull(text, "text");
        if (accepting && queue.isEmpty() && held == 0 && model.tryAcquire()) {
            try {
                return runAlone(text);
            } finally {
                model.release();
            }
        }
        return await(submit(text));
    }

    private float[] runAlone(String text) {
        if (!accepting) {
            throw closedException();
        }
        try {
            float[] vector = delegate.embedAll(List.of(text)).getFirst();
            batches.increment();
            texts.increment();
            return vector;
        } catch (IllegalStateException | EmbeddingException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new EmbeddingException("Embedding failed: " + e.getMessage(), e);
        }
    }

    /** Queues every text for the worker, which may spread them over several batches, and waits for all of them. */
    @Override
    public List<float[]> embedAll(List<String> texts) {
        List<String> copy = List.copyOf(texts);
        List<CompletableFuture<float[]>> results = new ArrayList<>(copy.size());
        for (String text : copy) {
            results.add(submit(text));
        }
        List<float[]> vectors = new ArrayList<>(copy.size());
        for (CompletableFuture<float[]> result : results) {
            vectors.add(await(result));
        }
        return vectors;
    }

    private CompletableFuture<float[]> submit(String text) {
        if (!accepting) {
            throw closedException();
        }
        Pending pending = new Pending(text);
        queue.add(pending);
        // The worker may have drained the queue for good between the check and the add; take the text back if so.
        if (!accepting && queue.remove(pending)) {
            throw closedException();
        }
        return pending.result;
    }

    @Override
    public int dimension() {
        return delegate.dimension();
    }

    @Override
    public String modelId() {
        return delegate.modelId();
    }

    /** How many {@code embedAll} calls the worker has made on the delegate. */
    public long batchCount() {
        return batches.sum();
    }

    /** How many texts the worker has passed to the delegate; divide by {@link #batchCount()} for the mean batch. */
    public long batchedTextCount() {
        return texts.sum();
    }

    /** Texts waiting for the model; lets tests line up a batch. */
    int queuedCount() {
        return queue.size() + held;
    }

    /**
     * Stops taking texts, lets the worker embed those already queued, then closes the delegate. Waits up to 30
     * seconds for the worker, after which texts still queued fail with {@link IllegalStateException}. A second call
     * does nothing.
     */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        accepting = false;
        queue.add(Pending.STOP);
        try {
            workerDone.get(CLOSE_WAIT_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            // The worker is stuck in the delegate or died; the queue is failed below either way.
        }
        failQueued();
        // A lone caller may still be in the model; wait for it before closing the model under it.
        boolean idle = false;
        try {
            idle = model.tryAcquire(CLOSE_WAIT_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        delegate.close();
        if (idle) {
            model.release();
        }
    }

    private void work() {
        List<Pending> batch = new ArrayList<>(maxBatch);
        try {
            while (true) {
                batch.add(queue.take());
                held = 1;
                // Whatever queues while a lone caller finishes joins this batch.
                model.acquire();
                try {
                    queue.drainTo(batch, maxBatch - 1);
                    held = 0;
                    boolean stop = batch.remove(Pending.STOP);
                    if (!batch.isEmpty()) {
                        runBatch(batch);
                    }
                    if (stop) {
                        break;
                    }
                } finally {
                    model.release();
                }
                batch.clear();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            accepting = false;
            held = 0;
            // Texts taken for a batch that never ran (the worker was interrupted) fail like the queued ones.
            for (Pending p : batch) {
                if (p != Pending.STOP) {
                    p.result.completeExceptionally(closedException());
                }
            }
            failQueued();
            workerDone.complete(null);
        }
    }

    private void runBatch(List<Pending> batch) {
        List<String> inputs = new ArrayList<>(batch.size());
        for (Pending p : batch) {
            inputs.add(p.text);
        }
        try {
            List<float[]> vectors = delegate.embedAll(inputs);
            batches.increment();
            texts.add(batch.size());
            for (int i = 0; i < batch.size(); i++) {
                batch.get(i).result.complete(vectors.get(i));
            }
        } catch (RuntimeException | Error e) {
            for (Pending p : batch) {
                p.result.completeExceptionally(e);
            }
        }
    }

    private void failQueued() {
        List<Pending> left = new ArrayList<>();
        queue.drainTo(left);
        for (Pending p : left) {
            if (p != Pending.STOP) {
                p.result.completeExceptionally(closedException());
            }
        }
    }

    private float[] await(CompletableFuture<float[]> result) {
        try {
            return result.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new EmbeddingException("Interrupted while waiting for an embedding", e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            // A fresh exception per caller: the batch's exception object is shared by every waiting thread.
            if (cause instanceof IllegalStateException closedError) {
                throw new IllegalStateException(closedError.getMessage(), closedError);
            }
            throw new EmbeddingException("Embedding batch failed: " + cause.getMessage(), cause);
        }
    }

    private IllegalStateException closedException() {
        return new IllegalStateException("Embedder " + delegate.modelId() + " is closed");
    }

    private static int checkMaxBatch(int maxBatch) {
        if (maxBatch < 1) {
            throw new IllegalArgumentException("maxBatch must be at least 1, was " + maxBatch);
        }
        return maxBatch;
    }

    /** One queued text; compared by identity, so that a caller can take back exactly its own entry. */
    private static final class Pending {
        static final Pending STOP = new Pending("");

        final String text;
        final CompletableFuture<float[]> result = new CompletableFuture<>();

        Pending(String text) {
            this.text = text;
        }
    }
}
