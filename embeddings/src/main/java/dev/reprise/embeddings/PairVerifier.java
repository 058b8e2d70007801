package dev.reprise.embeddings;

import java.util.List;

/**
 * Reads a new question beside each stored candidate question and gives the probability that one answer serves both:
 * the precision step after the embedder's recall step. Implementations are thread-safe; {@link #close()} releases
 * native resources and is idempotent.
 */
public interface PairVerifier extends AutoCloseable {

    /**
     * Scores each candidate against the query, in one model run where the implementation can.
     *
     * @param query the new question, never {@code null}
     * @param candidates the stored questions to check, none {@code null}; may be empty
     * @return one probability in [0, 1] per candidate, in the same order
     * @throws EmbeddingException if the model run fails
     * @throws IllegalStateException if the verifier is closed
     */
    float[] verify(String query, List<String> candidates);

    /** Names the model, such as {@code reprise-verifier-minilm-l3-v1}; a cache decision can record it. */
    String modelId();

    /** Releases the model; later calls to {@link #verify} throw {@link IllegalStateException}. Calling it again does nothing. */
    @Override
    void close();
}
