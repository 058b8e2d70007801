package dev.reprise.embeddings;

import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;

import java.io.IOException;
import java.io.InputStream;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Supplier;

/**
 * One local model as this module holds it, for the embedder and the pair verifier alike: an ONNX Runtime session
 * made by {@link ModelRuntime}, its tokenizer, and their lifecycle. Runs share a read lock, so {@link #close} waits
 * for the runs in progress instead of freeing a session that is in use, and a run after close fails plainly.
 */
final class LoadedModel implements AutoCloseable {

    private final String name;
    private final OrtEnvironment environment;
    private final OrtSession.SessionOptions options;
    private final OrtSession session;
    private final HuggingFaceTokenizer tokenizer;
    private final ReentrantReadWriteLock lifecycle = new ReentrantReadWriteLock();
    private boolean closed;

    private LoadedModel(String name, OrtEnvironment environment, OrtSession.SessionOptions options, OrtSession session,
                        HuggingFaceTokenizer tokenizer) {
        this.name = name;
        this.environment = environment;
        this.options = options;
        this.session = session;
        this.tokenizer = tokenizer;
    }

    /**
     * Loads {@code model} with a tokenizer read from {@code tokenizerJson} that truncates to {@code maxTokens};
     * whatever was made before a failure is closed. {@code name} says which model in errors ("verifier model x").
     */
    static LoadedModel open(String name, byte[] model, InputStream tokenizerJson, int maxTokens)
            throws OrtException, IOException {
        OrtEnvironment environment = OrtEnvironment.getEnvironment();
        OrtSession.SessionOptions options = ModelRuntime.sessionOptions();
        OrtSession session;
        try {
            session = environment.createSession(model, options);
        } catch (OrtException | RuntimeException e) {
            options.close();
            throw e;
        }
        try {
            return new LoadedModel(name, environment, options, session,
                    ModelRuntime.tokenizer(tokenizerJson, maxTokens));
        } catch (IOException | RuntimeException e) {
            session.close();
            options.close();
            throw e;
        }
    }

    OrtEnvironment environment() {
        return environment;
    }

    OrtSession session() {
        return session;
    }

    HuggingFaceTokenizer tokenizer() {
        return tokenizer;
    }

    /**
     * Does {@code work} (runs of this model) while the model cannot be closed.
     *
     * @throws IllegalStateException once the model is closed
     */
    <T> T use(Supplier<T> work) {
        lifecycle.readLock().lock();
        try {
            if (closed) {
                throw new IllegalStateException(name + " is closed");
            }
            return work.get();
        } finally {
            lifecycle.readLock().unlock();
        }
    }

    /** Waits for the runs in progress, then frees the tokenizer, the session and its options; idempotent. */
    @Override
    public void close() {
        lifecycle.writeLock().lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
            tokenizer.close();
            try {
                session.close();
            } finally {
                options.close();
            }
        } catch (OrtException e) {
            throw new EmbeddingException("Cannot close " + name, e);
        } finally {
            lifecycle.writeLock().unlock();
        }
    }
}
