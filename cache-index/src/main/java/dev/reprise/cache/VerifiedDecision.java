package dev.reprise.cache;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The semantic-tier decision under a {@link Verification}: candidates above the recall floor that pass the guards
 * are taken best cosine first, at most {@link Verification#candidates()} of them: the verifier reads each alone and
 * it is served if its probability reaches the bar at its cosine ({@link Verification#barAt}; a bar of 0 serves it
 * unread); nothing after the served one is read. A miss names the best candidate by cosine.
 *
 * <p>Stopping at the first acceptance is what makes a verified hit cheap: most hits are on the nearest candidate, so
 * they cost one pair, not one per candidate. Each pair runs alone, so its probability never depends on what else
 * was read (the packaged models quantise activations per run; see {@code BatchExecution}).
 */
final class VerifiedDecision {

    private VerifiedDecision() {
    }

    static SemanticLookup decide(String query, List<ScoredEntry> nearest, HitPolicy policy, AnswerVerifier verifier) {
        Verification rule = policy.verification();
        float floor = (float) rule.recallFloor();
        int read = 0;
        int served = -1;
        Optional<SemanticLookup.MissReason> firstVerdict = Optional.empty();
        List<SemanticLookup.Candidate> candidates = new ArrayList<>(nearest.size());
        for (int i = 0; i < nearest.size(); i++) {
            ScoredEntry scored = nearest.get(i);
            Float probability = null;
            if (served < 0 && read < rule.candidates()) {
                Optional<SemanticLookup.MissReason> verdict = scored.similarity() < floor
                        ? Optional.of(SemanticLookup.MissReason.BELOW_THRESHOLD)
                        : HitGuards.rejection(query, scored.entry().matchedText(), policy.guards());
                if (i == 0) {
                    firstVerdict = verdict;
                }
                float bar = rule.barAt(scored.similarity());
                if (verdict.isEmpty() && bar <= 0) {
                    served = i;
                } else if (verdict.isEmpty()) {
                    probability = probability(verifier, query, scored.entry().matchedText());
                    read++;
                    if (probability >= bar) {
                        served = i;
                    }
                }
            }
            candidates.add(new SemanticLookup.Candidate(scored.entry(), scored.similarity(), served == i,
                    probability));
        }
        if (served >= 0) {
            return new SemanticLookup(Lookup.Decision.HIT, nearest.get(served), null, candidates);
        }
        SemanticLookup.MissReason why = read == 0
                ? firstVerdict.orElseThrow()
                : SemanticLookup.MissReason.VERIFIER_REJECTED;
        return new SemanticLookup(Lookup.Decision.MISS, nearest.getFirst(), why, candidates);
    }

    private static float probability(AnswerVerifier verifier, String query, String stored) {
        float[] read = verifier.sameAnswerProbabilities(query, List.of(stored));
        if (read.length != 1) {
            throw new IllegalStateException("the verifier rated " + read.length + " of 1 candidate");
        }
        return read[0];
    }
}
