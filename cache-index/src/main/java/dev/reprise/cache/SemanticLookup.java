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
        GUARD_NEGATION
    }

    /**
     * One k-NN candidate.
     *
     * @param entry      the stored entry
     * @param similarity cosine similarity to the query
     * @param wouldHit   whether this candidate passes threshold and guards on its own
     */
    public record Candidate(CacheEntry entry, float similarity, boolean wouldHit) {
        public Candidate {
            Objects.requireNonNull(entry, "entry");
        }
    }
}
