package dev.reprise.cache;

import java.util.List;

/**
 * Reads a new question beside stored ones and says, for each, how likely one answer serves both. The
 * embedding finds candidates; this decides among them, since a cosine over one vector each cannot tell a
 * paraphrase from a near miss ("add" vs "remove a recovery email"). Implementations must be thread-safe.
 */
@FunctionalInterface
public interface AnswerVerifier {

    /**
     * One probability in [0, 1] per stored question, in the order given.
     *
     * @param question         the new question, normalised as the stored ones were
     * @param storedQuestions  the candidates' matched texts, at least one
     */
    float[] sameAnswerProbabilities(String question, List<String> storedQuestions);
}
