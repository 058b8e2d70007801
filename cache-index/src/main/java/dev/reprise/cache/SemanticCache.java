package dev.reprise.cache;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The two cache tiers over a {@link VectorIndex}: an exact hash lookup, then a k-NN search inside the namespace
 * judged by a {@link HitPolicy}. Under a cosine threshold only the best candidate can hit: when a guard rejects
 * it, the lookup misses rather than falling to the next-best, which measured worse. Under a {@link Verification}
 * the {@link AnswerVerifier} reads the candidates above the recall floor that pass the guards one at a time, best
 * cosine first and at most a few, and the first that clears the minimum is served. Lookups that hit record the hit
 * on the index.
 * Stateless beyond the index and the verifier, so thread-safe when they are.
 */
public final class SemanticCache {

    /** Candidates fetched per semantic lookup; only the best can hit, the rest feed metrics and the admin tool. */
    public static final int CANDIDATES = 10;

    private final VectorIndex index;
    private final AnswerVerifier verifier;

    public SemanticCache(VectorIndex index) {
        this(index, null);
    }

    /** A cache whose policies may verify with {@code verifier} (null: a verifying policy is refused). */
    public SemanticCache(VectorIndex index, AnswerVerifier verifier) {
        this.index = Objects.requireNonNull(index, "index");
        this.verifier = verifier;
    }

    /** The exact tier: the newest unexpired entry stored under {@code exactKey}; no embedding needed. */
    public Lookup lookupExact(String exactKey, Instant now) {
        Optional<CacheEntry> found = index.getExact(exactKey, now);
        if (found.isEmpty()) {
            return Lookup.miss();
        }
        index.recordHit(found.get().id(), now);
        return Lookup.hit(found.get());
    }

    /** The semantic tier; a hit is recorded on the index. */
    public SemanticLookup lookupSemantic(String namespace, String normalisedText, float[] vector, HitPolicy policy,
                                         Instant now) {
        Objects.requireNonNull(normalisedText, "normalisedText");
        Objects.requireNonNull(policy, "policy");
        // Under a cosine threshold only the best candidate can hit: search the usual k for recall, load just that one.
        int keep = policy.verifies() ? CANDIDATES : 1;
        SemanticLookup result = decide(normalisedText, index.nearest(namespace, vector, CANDIDATES, keep, now),
                policy, verifier);
        if (result.isHit()) {
            index.recordHit(result.best().entry().id(), now);
        }
        return result;
    }

    /** The same decision as {@link #lookupSemantic} without recording a hit, for dry runs and the admin tool. */
    public SemanticLookup explainSemantic(String namespace, String normalisedText, float[] vector, HitPolicy policy,
                                          Instant now) {
        Objects.requireNonNull(normalisedText, "normalisedText");
        Objects.requireNonNull(policy, "policy");
        return decide(normalisedText, index.nearest(namespace, vector, CANDIDATES, now), policy, verifier);
    }

    /** {@link #decide(String, List, HitPolicy, AnswerVerifier)} for a policy that does not verify. */
    public static SemanticLookup decide(String normalisedText, List<ScoredEntry> nearest, HitPolicy policy) {
        return decide(normalisedText, nearest, policy, null);
    }

    /**
     * The semantic-tier decision on candidates already found, best first: what {@link #explainSemantic} decides
     * after its k-NN search. Public so an offline evaluator can replay the exact decision on candidates it computed.
     *
     * @param verifier reads the candidates when {@code policy} verifies; may be null otherwise
     */
    public static SemanticLookup decide(String normalisedText, List<ScoredEntry> nearest, HitPolicy policy,
                                        AnswerVerifier verifier) {
        Objects.requireNonNull(normalisedText, "normalisedText");
        Objects.requireNonNull(policy, "policy");
        if (nearest.isEmpty()) {
            return new SemanticLookup(Lookup.Decision.MISS, null, SemanticLookup.MissReason.EMPTY, List.of());
        }
        if (policy.verifies()) {
            return VerifiedDecision.decide(normalisedText, nearest, policy, requireVerifier(verifier));
        }
        List<SemanticLookup.Candidate> candidates = new ArrayList<>(nearest.size());
        for (ScoredEntry scored : nearest) {
            boolean wouldHit = verdict(normalisedText, scored, policy).isEmpty();
            candidates.add(new SemanticLookup.Candidate(scored.entry(), scored.similarity(), wouldHit));
        }
        ScoredEntry best = nearest.getFirst();
        Optional<SemanticLookup.MissReason> miss = verdict(normalisedText, best, policy);
        return new SemanticLookup(miss.isEmpty() ? Lookup.Decision.HIT : Lookup.Decision.MISS,
                best, miss.orElse(null), candidates);
    }

    /** Empty when the candidate may be served, otherwise why not. */
    private static Optional<SemanticLookup.MissReason> verdict(String query, ScoredEntry candidate, HitPolicy policy) {
        return judge(query, candidate.entry().matchedText(), candidate.similarity(), policy);
    }

    /**
     * The decision on one candidate text at a known similarity under a cosine threshold: empty when an answer to
     * {@code candidateText} may be served for {@code query}, otherwise why not.
     */
    public static Optional<SemanticLookup.MissReason> judge(String query, String candidateText, float similarity,
                                                            HitPolicy policy) {
        return judge(query, candidateText, similarity, policy, null);
    }

    /**
     * The decision on one candidate text at a known similarity: empty when an answer to {@code candidateText}
     * may be served for {@code query}, otherwise why not. The same rule as a lookup's, for candidates that are
     * not in the index yet (a question whose answer is still on its way).
     *
     * @param verifier reads the candidate when {@code policy} verifies; may be null otherwise
     */
    public static Optional<SemanticLookup.MissReason> judge(String query, String candidateText, float similarity,
                                                            HitPolicy policy, AnswerVerifier verifier) {
        // Compared in float, the precision of the similarity, so a threshold of 0.9 admits a similarity of 0.9f.
        float floor = (float) (policy.verifies() ? policy.verification().recallFloor() : policy.threshold());
        if (similarity < floor) {
            return Optional.of(SemanticLookup.MissReason.BELOW_THRESHOLD);
        }
        Optional<SemanticLookup.MissReason> guarded = HitGuards.rejection(query, candidateText, policy.guards());
        float bar = policy.verifies() ? policy.verification().barAt(similarity) : 0;
        if (guarded.isPresent() || bar <= 0) {
            return guarded;
        }
        float p = requireVerifier(verifier).sameAnswerProbabilities(query, List.of(candidateText))[0];
        return p >= bar
                ? Optional.empty() : Optional.of(SemanticLookup.MissReason.VERIFIER_REJECTED);
    }

    private static AnswerVerifier requireVerifier(AnswerVerifier verifier) {
        if (verifier == null) {
            throw new IllegalStateException("the hit policy verifies, but this cache has no verifier");
        }
        return verifier;
    }
}
