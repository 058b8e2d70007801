package dev.reprise.cache;

/**
 * The semantic-tier rule when an {@link AnswerVerifier} decides: the nearest entries whose cosine reaches
 * {@code recallFloor} and that pass the guards are candidates; the verifier reads them best cosine first, at most
 * {@code candidates} of them, and the first whose probability reaches {@code minProbability} is served.
 *
 * @param recallFloor    lowest cosine at which an entry is worth verifying, in [0, 1]
 * @param candidates     most entries the verifier reads per lookup, 1 to {@link SemanticCache#CANDIDATES}
 * @param minProbability lowest verifier probability that serves an entry, in [0, 1]
 */
public record Verification(double recallFloor, int candidates, double minProbability) {

    public static final double DEFAULT_RECALL_FLOOR = 0.6;
    public static final int DEFAULT_CANDIDATES = 3;

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
    }
}
