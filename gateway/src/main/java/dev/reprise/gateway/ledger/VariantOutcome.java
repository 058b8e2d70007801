package dev.reprise.gateway.ledger;

import java.util.Map;
import java.util.TreeMap;

/**
 * One A/B variant's figures over a range: its clients' requests (errors, cache hits, tokens, cost, nearest-rank
 * latency percentiles in milliseconds) and the outcomes clients reported for them: how many gave feedback, how many
 * of those gave a score, their mean ({@code null} with none) and how many gave each label.
 *
 * @param alias   the alias whose split chose the variant
 * @param variant the variant's name
 */
public record VariantOutcome(String alias, String variant, long requests, long errors, long cacheHits,
                             long inputTokens, long outputTokens, double costUsd, double latencyP50Ms,
                             double latencyP95Ms, long feedback, long scored, Double meanScore,
                             Map<String, Long> labels) {

    public VariantOutcome {
        labels = new TreeMap<>(labels);
    }
}
