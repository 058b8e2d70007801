package dev.reprise.cache;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The result of a semantic-tier lookup, kept whole for metrics and the admin lookup tool: the decision,
 * the best candidate even on a miss, why it missed, and every candidate with whether it alone would have hit.
 *
 * @param decision   HIT or MISS; a hit serves {@code best}
 * @param best       the most similar unexpired candidate in the namespace, null when there is none
 * @param missReason why it missed, null on a hit
 * @param candidates the candidates considered, best first
 */
public record SemanticLookup(Lookup.Decision decision, ScoredEntry best, MissReason missReason, List<Candidate> candidates) {

    public SemanticLookup {
        Objects.requireNonNull(decision, "decision");
        candidates = List.copyOf(candidates);
        if ((decision == Lookup.Decision.HIT) == (missReason != null)) {
            throw new IllegalArgumentException("missReason must be present exactly on a MISS, got " + decision
                    + " with missReason " + missReason);
        }
        if (decision == Lookup.Decision.HIT && best == null) {
            throw new IllegalArgumentException("best must be present on a HIT");
        }
    }

    public boolean isHit() {
        return decision == Lookup.Decision.HIT;
    }

    /** The entry to serve, present only on a hit. */
    public Optional<CacheEntry> hitEntry() {
        return isHit() ? Optional.of(best.entry()) : Optional.empty();
    }

    /** Why a semantic lookup did not hit. */
    public enum MissReason {
        /** The namespace had no unexpired entry with a vector. */
        EMPTY,
        /** The best candidate was less similar than the policy's threshold. */
        BELOW_THRESHOLD,
        /** The best candidate's numbers or IDs differ from the query's. */
        GUARD_NUMBERS,
        /** The best candidate negates where the query does not, or the other way round. */
        GUARD_NEGATION,
        /** The verifier rated every candidate it read below the policy's minimum probability. */
        VERIFIER_REJECTED
    }

    /**
     * One k-NN candidate.
     *
     * @param entry       the stored entry
     * @param similarity  cosine similarity to the query
     * @param wouldHit    whether this candidate passes the policy on its own
     * @param probability the verifier's probability that its answer serves the query, null when it was not read
     */
    public record Candidate(CacheEntry entry, float similarity, boolean wouldHit, Float probability) {
        public Candidate {
            Objects.requireNonNull(entry, "entry");
        }

        /** A candidate judged by the cosine threshold alone. */
        public Candidate(CacheEntry entry, float similarity, boolean wouldHit) {
            this(entry, similarity, wouldHit, null);
        }
    }

    /** The verifier's probability for the served or best candidate, when it read one. */
    public Optional<Float> verifierProbability() {
        if (best == null) {
            return Optional.empty();
        }
        for (Candidate c : candidates) {
            if (c.entry().id().equals(best.entry().id())) {
                return Optional.ofNullable(c.probability());
            }
        }
        return Optional.empty();
    }
}
