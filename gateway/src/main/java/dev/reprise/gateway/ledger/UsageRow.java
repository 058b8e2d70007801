package dev.reprise.gateway.ledger;

/**
 * One group of a usage report. {@code subgroup} is null with one dimension; the latencies are nearest-rank
 * percentiles of the group's requests, in milliseconds. {@code requests} counts clients' requests; the cache's judge
 * calls count in {@code judgeCalls}, and their cost is in both {@code judgeCostUsd} and {@code costUsd} (all that
 * was spent upstream). {@code judgeSavedUsd} is the part of {@code savedUsd} from hits the judge's labels allowed.
 */
public record UsageRow(String group, String subgroup, long requests, long cacheHits, long exactHits,
                       long semanticHits, long fallbacks, long errors, long inputTokens, long outputTokens,
                       double costUsd, double savedUsd, double latencyP50Ms, double latencyP95Ms,
                       long judgeCalls, double judgeCostUsd, double judgeSavedUsd) {
}
