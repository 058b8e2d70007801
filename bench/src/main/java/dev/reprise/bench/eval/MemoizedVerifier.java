package dev.reprise.bench.eval;

import dev.reprise.cache.AnswerVerifier;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * An {@link AnswerVerifier} that runs the model once per distinct pair: a sweep replays the same streams at many
 * probabilities, and most lookups read the same candidates at each. Pairs not seen yet go to the model in one call.
 */
final class MemoizedVerifier implements AnswerVerifier {

    private final AnswerVerifier model;
    private final Map<String, Float> seen = new ConcurrentHashMap<>();

    MemoizedVerifier(AnswerVerifier model) {
        this.model = model;
    }

    @Override
    public float[] sameAnswerProbabilities(String question, List<String> storedQuestions) {
        float[] out = new float[storedQuestions.size()];
        List<Integer> missing = new ArrayList<>();
        for (int i = 0; i < out.length; i++) {
            Float known = seen.get(key(question, storedQuestions.get(i)));
            if (known == null) {
                missing.add(i);
            } else {
                out[i] = known;
            }
        }
        if (!missing.isEmpty()) {
            List<String> texts = missing.stream().map(storedQuestions::get).toList();
            float[] read = model.sameAnswerProbabilities(question, texts);
            for (int j = 0; j < read.length; j++) {
                out[missing.get(j)] = read[j];
                seen.put(key(question, texts.get(j)), read[j]);
            }
        }
        return out;
    }

    private static String key(String question, String stored) {
        return question + '\u0000' + stored;
    }
}
