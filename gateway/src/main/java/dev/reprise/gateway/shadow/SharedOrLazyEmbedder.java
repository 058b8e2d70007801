package dev.reprise.gateway.shadow;

import dev.reprise.embeddings.Embedder;
import dev.reprise.embeddings.EmbeddingModelChoice;
import dev.reprise.embeddings.OnnxEmbedder;

import java.util.function.Supplier;

/**
 * The embedder that compares answers: the cache's when it has MiniLM loaded, else MiniLM loaded on first use (the first
 * shadow call whose two answers both came back) and closed with the shadow traffic.
 */
final class SharedOrLazyEmbedder implements Supplier<Embedder>, AutoCloseable {

    /** Answer similarity is read against a bar set for MiniLM's cosines. */
    static final EmbeddingModelChoice MODEL = EmbeddingModelChoice.ALL_MINILM_L6_V2_Q;

    private final Embedder shared;
    private Embedder loaded;
    private boolean closed;

    /** @param shared the cache's embedder when it is {@link #MODEL}, else null */
    SharedOrLazyEmbedder(Embedder shared) {
        this.shared = shared;
    }

    @Override
    public synchronized Embedder get() {
        if (shared != null) {
            return shared;
        }
        if (closed) {
            throw new IllegalStateException("the shadow traffic is closed");
        }
        if (loaded == null) {
            loaded = OnnxEmbedder.load(MODEL);
        }
        return loaded;
    }

    @Override
    public synchronized void close() {
        closed = true;
        if (loaded != null) {
            loaded.close();
        }
    }
}
