package dev.reprise.bench.compare;

import dev.reprise.embeddings.Embedder;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How alike each arm's answers are to the reference arm's: the cosine similarity of the two answers' embeddings,
 * per request. Only answered requests with text on both sides are compared; the embedder reads the start of a
 * long answer only (its token limit), so two answers that begin alike look alike.
 */
public final class AnswerSimilarity {

    private AnswerSimilarity() {
    }

    /** Each arm's similarity to {@code reference} by request key; the reference arm itself is left out. */
    public static Map<String, Map<String, Double>> compute(Embedder embedder, List<ComparePrompt> prompts,
                                                           List<Arm> arms, Arm reference, ResultStore store) {
        Map<String, Integer> index = new LinkedHashMap<>();
        List<String> texts = new ArrayList<>();
        for (ComparePrompt prompt : prompts) {
            for (Arm arm : arms) {
                store.get(arm.name(), prompt.key()).filter(AnswerSimilarity::comparable)
                        .ifPresent(r -> index.computeIfAbsent(r.answer(), a -> {
                            texts.add(a);
                            return texts.size() - 1;
                        }));
            }
        }
        List<float[]> vectors = texts.isEmpty() ? List.of() : embedder.embedAll(texts);
        Map<String, Map<String, Double>> out = new HashMap<>();
        for (Arm arm : arms) {
            if (arm.equals(reference)) {
                continue;
            }
            Map<String, Double> similarities = new HashMap<>();
            for (ComparePrompt prompt : prompts) {
                var ref = store.get(reference.name(), prompt.key()).filter(AnswerSimilarity::comparable);
                var other = store.get(arm.name(), prompt.key()).filter(AnswerSimilarity::comparable);
                if (ref.isPresent() && other.isPresent()) {
                    float[] a = vectors.get(index.get(ref.get().answer()));
                    float[] b = vectors.get(index.get(other.get().answer()));
                    similarities.put(prompt.key(), dot(a, b));
                }
            }
            out.put(arm.name(), similarities);
        }
        return out;
    }

    private static boolean comparable(CallResult r) {
        return r.ok() && r.answer() != null && !r.answer().isBlank();
    }

    private static double dot(float[] a, float[] b) {
        double sum = 0;
        for (int i = 0; i < a.length; i++) {
            sum += a[i] * b[i];
        }
        // Unit vectors: rounding can put an answer's similarity with itself a hair above 1.
        return Math.max(-1, Math.min(1, sum));
    }
}
