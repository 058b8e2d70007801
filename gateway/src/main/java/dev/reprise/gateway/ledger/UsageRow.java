package dev.reprise.gateway.ledger;

/**
 * One group of a usage report. {@code subgroup} is null with one dimension; the latencies are nearest-rank
 * percentiles of the group's requests, in milliseconds.
 */
public record UsageRow(String group, String subgroup, long requests, long cacheHits, long exactHits,
                       long semanticHits, long fallbacks, long errors, long inputTokens, long outputTokens,
                       double costUsd, double savedUsd, double latencyP50Ms, double latencyP95Ms) {
}
