package dev.reprise.cache;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The semantic-tier decision under a {@link Verification}: candidates above the recall floor that pass the guards
 * go to the verifier in one call, best cosine first, at most {@link Verification#candidates()} of them; the one
 * it rates highest is served if it reaches the minimum probability. A miss names the best candidate by cosine.
 */
final class VerifiedDecision {

    private VerifiedDecision() {
    }

    static SemanticLookup decide(String query, List<ScoredEntry> nearest, HitPolicy policy, AnswerVerifier verifier) {
        Verification rule = policy.verification();
        float floor = (float) rule.recallFloor();
        List<Integer> toRead = new ArrayList<>(rule.candidates());
        List<Optional<SemanticLookup.MissReason>> verdicts = new ArrayList<>(nearest.size());
        for (int i = 0; i < nearest.size(); i++) {
            ScoredEntry scored = nearest.get(i);
            Optional<SemanticLookup.MissReason> verdict = scored.similarity() < floor
                    ? Optional.of(SemanticLookup.MissReason.BELOW_THRESHOLD)
                    : HitGuards.rejection(query, scored.entry().matchedText(), policy.guards());
            verdicts.add(verdict);
            if (verdict.isEmpty() && toRead.size() < rule.candidates()) {
                toRead.add(i);
            }
        }
        float[] probabilities = new float[nearest.size()];
        Arrays.fill(probabilities, Float.NaN);
        if (!toRead.isEmpty()) {
            List<String> texts = toRead.stream().map(i -> nearest.get(i).entry().matchedText()).toList();
            float[] read = verifier.sameAnswerProbabilities(query, texts);
            if (read.length != texts.size()) {
                throw new IllegalStateException("the verifier rated " + read.length + " of " + texts.size() + " candidates");
            }
            for (int j = 0; j < read.length; j++) {
                probabilities[toRead.get(j)] = read[j];
            }
        }
        float min = (float) rule.minProbability();
        int served = -1;
        List<SemanticLookup.Candidate> candidates = new ArrayList<>(nearest.size());
        for (int i = 0; i < nearest.size(); i++) {
            float p = probabilities[i];
            boolean read = !Float.isNaN(p);
            boolean wouldHit = read && p >= min;
            if (wouldHit && (served < 0 || p > probabilities[served])) {
                served = i;
            }
            candidates.add(new SemanticLookup.Candidate(nearest.get(i).entry(), nearest.get(i).similarity(), wouldHit,
                    read ? p : null));
        }
        if (served >= 0) {
            return new SemanticLookup(Lookup.Decision.HIT, nearest.get(served), null, candidates);
        }
        SemanticLookup.MissReason why = toRead.isEmpty()
                ? verdicts.getFirst().orElseThrow()
                : SemanticLookup.MissReason.VERIFIER_REJECTED;
        return new SemanticLookup(Lookup.Decision.MISS, nearest.getFirst(), why, candidates);
    }
}
