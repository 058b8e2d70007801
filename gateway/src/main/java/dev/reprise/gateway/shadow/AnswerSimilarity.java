package dev.reprise.gateway.shadow;

import dev.reprise.embeddings.Embedder;

import java.util.List;
import java.util.function.Supplier;

/**
 * How alike two answers are: the cosine of their embeddings (the embedder's vectors are unit length, so their dot
 * product). The embedder is asked for on first use, so a gateway whose shadows never both answer loads none.
 */
final class AnswerSimilarity {

    private final Supplier<Embedder> embedder;

    AnswerSimilarity(Supplier<Embedder> embedder) {
        this.embedder = embedder;
    }

    /** The cosine, or null when either answer is missing. */
    Float between(String primary, String candidate) {
        if (primary == null || candidate == null) {
            return null;
        }
        List<float[]> v = embedder.get().embedAll(List.of(primary, candidate));
        double dot = 0;
        for (int i = 0; i < v.get(0).length; i++) {
            dot += v.get(0)[i] * v.get(1)[i];
        }
        return (float) Math.max(-1, Math.min(1, dot));
    }
}
