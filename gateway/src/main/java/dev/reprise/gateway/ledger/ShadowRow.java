package dev.reprise.gateway.ledger;

/**
 * One line of the shadow report: a primary alias against one of its candidates (in one time bucket, or over the whole
 * range), over the requests both answered or failed. Latencies are nearest-rank percentiles in milliseconds.
 *
 * @param bucket         the UTC hour or day, or null for the whole range
 * @param requests       primary requests with a shadow call
 * @param meanSimilarity the mean answer similarity over the pairs where both answered, or null when none did
 * @param compared       pairs where both answered (those the similarity is over)
 * @param alike          pairs whose similarity is at or above the report's bar
 */
public record ShadowRow(String primaryAlias, String candidateAlias, String bucket, long requests, Side primary,
                        Side candidate, Double meanSimilarity, long compared, long alike) {

    /** One side's figures over the pairs. */
    public record Side(long errors, double latencyP50Ms, double latencyP95Ms, long inputTokens, long outputTokens,
                       double costUsd) {
    }
}
