package dev.reprise.cache;

/**
 * The semantic-tier rule when an {@link AnswerVerifier} decides: the nearest entries whose cosine reaches
 * {@code recallFloor} and that pass the guards are candidates, read best cosine first, at most {@code candidates}
 * of them. A candidate whose cosine reaches {@code serveCosine} needs only {@code vetoProbability} (cosine is trusted
 * there unless the verifier clearly objects, which keeps cosine's ranking off the verifier's training domain; at 0 it
 * is served unread); otherwise the first whose probability reaches {@code minProbability} is served.
 *
 * @param recallFloor    lowest cosine at which an entry is worth verifying, in [0, 1]
 * @param candidates     most entries the verifier reads per lookup, 1 to {@link SemanticCache#CANDIDATES}
 * @param minProbability lowest verifier probability that serves an entry, in [0, 1]
 * @param serveCosine    lowest cosine that serves an entry whose probability reaches only {@code vetoProbability},
 *                       in [0, 1]; 1 ({@link #DEFAULT_SERVE_COSINE}) turns it off and leaves every decision to
 *                       {@code minProbability}
 * @param vetoProbability at or above {@code serveCosine}, the probability below which the verifier still refuses an
 *                       entry, in [0, 1]; 0 serves such entries unread
 */
public record Verification(double recallFloor, int candidates, double minProbability, double serveCosine,
                           double vetoProbability) {

    public static final double DEFAULT_RECALL_FLOOR = 0.6;
    public static final int DEFAULT_CANDIDATES = 3;
    /** Turns the serve-cosine off: the verifier reads every candidate, whatever its cosine. */
    public static final double DEFAULT_SERVE_COSINE = 1.0;

    public Verification {
        if (!(recallFloor >= 0 && recallFloor <= 1)) {
            throw new IllegalArgumentException("recallFloor must be between 0 and 1, got " + recallFloor);
        }
        if (candidates < 1 || candidates > SemanticCache.CANDIDATES) {
            throw new IllegalArgumentException(
                    "candidates must be between 1 and " + SemanticCache.CANDIDATES + ", got " + candidates);
        }
        if (!(minProbability >= 0 && minProbability <= 1)) {
            throw new IllegalArgumentException("minProbability must be between 0 and 1, got " + minProbability);
        }
        if (!(serveCosine >= 0 && serveCosine <= 1)) {
            throw new IllegalArgumentException("serveCosine must be between 0 and 1, got " + serveCosine);
        }
        if (!(vetoProbability >= 0 && vetoProbability <= 1)) {
            throw new IllegalArgumentException("vetoProbability must be between 0 and 1, got " + vetoProbability);
        }
    }

    /** The rule with every candidate left to the verifier's minimum probability. */
    public Verification(double recallFloor, int candidates, double minProbability) {
        this(recallFloor, candidates, minProbability, DEFAULT_SERVE_COSINE, 0);
    }

    /** The bar a candidate at {@code similarity} must reach, or 0 when it is served unread. */
    float barAt(float similarity) {
        // Off at 1: a float cosine of two near-identical texts can round to 1 or just above.
        boolean trusted = serveCosine < DEFAULT_SERVE_COSINE && similarity >= (float) serveCosine;
        return trusted ? (float) vetoProbability : (float) minProbability;
    }
}
