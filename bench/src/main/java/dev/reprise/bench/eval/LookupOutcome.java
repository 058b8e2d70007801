package dev.reprise.bench.eval;

import dev.reprise.cache.SemanticLookup;

/**
 * What the cache did with one query of a stream.
 *
 * @param tier        which tier answered, or MISS
 * @param servedFrom  position in the stream of the query whose stored answer was served, -1 on a miss
 * @param best        position of the best semantic candidate, -1 when there was none or the exact tier answered
 * @param similarity  cosine similarity of the best semantic candidate, NaN when there was none
 * @param missReason  why the semantic tier missed, null on a hit
 */
public record LookupOutcome(Tier tier, int servedFrom, int best, float similarity, SemanticLookup.MissReason missReason) {

    /** Which tier answered a lookup. */
    public enum Tier { EXACT, SEMANTIC, MISS }

    public static LookupOutcome exact(int servedFrom) {
        return new LookupOutcome(Tier.EXACT, servedFrom, -1, Float.NaN, null);
    }

    public boolean isHit() {
        return tier != Tier.MISS;
    }

    /** True when a guard, not the threshold, turned the best candidate away. */
    public boolean guardRejected() {
        return missReason == SemanticLookup.MissReason.GUARD_NUMBERS
                || missReason == SemanticLookup.MissReason.GUARD_NEGATION;
    }
}
