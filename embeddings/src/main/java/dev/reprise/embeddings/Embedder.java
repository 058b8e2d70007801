package dev.reprise.embeddings;

import java.util.List;

/**
 * Turns text into an L2-normalised vector, so that a dot product of two outputs is their cosine similarity.
 * Implementations are thread-safe; {@link #close()} releases native resources and is idempotent.
 */
public interface Embedder extends AutoCloseable {

    /**
     * Embeds one text.
     *
     * @param text the text to embed, never {@code null}; an empty text is allowed and embeds the special tokens only
     * @return a new unit-length vector of {@link #dimension()} floats
     * @throws EmbeddingException if the model run fails
     * @throws IllegalStateException if the embedder is closed
     */
    float[] embed(String text);

    /**
     * Embeds several texts, in order; equal to calling {@link #embed(String)} on each (within float rounding),
     * but cheaper because the texts share model runs.
     *
     * @param texts the texts, none {@code null}
     * @return one new unit-length vector per text, in the same order
     */
    List<float[]> embedAll(List<String> texts);

    /** The length of every vector this embedder returns. */
    int dimension();

    /** The packaged model's id, such as {@code all-minilm-l6-v2-q}; part of any cache key built from these vectors. */
    String modelId();

    /** Releases the model; later calls to embed throw {@link IllegalStateException}. Calling it again does nothing. */
    @Override
    void close();
}
