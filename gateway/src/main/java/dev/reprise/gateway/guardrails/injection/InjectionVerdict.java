package dev.reprise.gateway.guardrails.injection;

import java.util.Map;

/**
 * What the detector found in one text: the highest score over the categories, the category that gave it, and the
 * evidence (the matched phrase or the nearest exemplar). The caller compares {@link #score()} with its threshold.
 *
 * @param score    0 to 1; patterns give fixed weights, the semantic part gives the cosine to the nearest exemplar
 * @param category the category of the highest score
 * @param evidence the matched text or {@code "similar to: <exemplar>"}; never used to decide, only to explain
 * @param scores   the score of every category
 */
public record InjectionVerdict(double score, InjectionCategory category, String evidence,
                               Map<InjectionCategory, Double> scores) {

    public InjectionVerdict {
        scores = Map.copyOf(scores);
    }

    /** Whether this verdict reaches {@code threshold}. */
    public boolean flagged(double threshold) {
        return score >= threshold;
    }
}
