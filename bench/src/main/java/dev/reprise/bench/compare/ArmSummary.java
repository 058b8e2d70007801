package dev.reprise.bench.compare;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * One arm's figures over the requests of a run: how many answered, latency and time to first token, tokens,
 * cost, and how alike its answers are to the reference's (and the judge's scores, when one judged).
 *
 * @param arm            the arm's name
 * @param requests       requests with a result
 * @param errors         of which failed
 * @param latencyP50Ms   over answered requests, or null
 * @param latencyP95Ms   over answered requests, or null
 * @param ttftP50Ms      over streamed answers, or null
 * @param ttftP95Ms      over streamed answers, or null
 * @param inputTokens    summed over answers that reported usage
 * @param outputTokens   summed likewise
 * @param withoutUsage   answers that reported no usage (some streams do not), left out of the token sums
 * @param costUsd        summed over priced answers, or null when none was priced
 * @param unpriced       answers without a cost
 * @param compared       answers compared with the reference's (null for the reference itself)
 * @param meanSimilarity their mean similarity, or null
 * @param similarShare   the share at or above the threshold, or null
 * @param judged         answers the judge scored
 * @param meanScore      their mean score, or null
 * @param unscored       answers whose judge reply held no score or whose judge call failed
 */
public record ArmSummary(String arm, int requests, int errors, Double latencyP50Ms, Double latencyP95Ms,
                         Double ttftP50Ms, Double ttftP95Ms, long inputTokens, long outputTokens, int withoutUsage,
                         Double costUsd,
                         int unpriced, Integer compared, Double meanSimilarity, Double similarShare, int judged,
                         Double meanScore, int unscored) {

    /** Sums up {@code arm}'s results over {@code prompts}. */
    public static ArmSummary of(Arm arm, boolean reference, List<ComparePrompt> prompts, ResultStore store,
                                Map<String, Double> similarities, double similarAt,
                                Map<String, JudgeVerdict> verdicts) {
        int requests = 0;
        int errors = 0;
        int unpriced = 0;
        int withoutUsage = 0;
        long in = 0;
        long out = 0;
        double cost = 0;
        boolean anyPriced = false;
        List<Double> latencies = new ArrayList<>();
        List<Double> ttfts = new ArrayList<>();
        for (ComparePrompt prompt : prompts) {
            CallResult r = store.get(arm.name(), prompt.key()).orElse(null);
            if (r == null) {
                continue;
            }
            requests++;
            if (!r.ok()) {
                errors++;
                continue;
            }
            latencies.add(r.latencyMs());
            if (r.ttftMs() != null) {
                ttfts.add(r.ttftMs());
            }
            withoutUsage += r.inputTokens() == null || r.outputTokens() == null ? 1 : 0;
            in += r.inputTokens() == null ? 0 : r.inputTokens();
            out += r.outputTokens() == null ? 0 : r.outputTokens();
            if (r.costUsd() == null) {
                unpriced++;
            } else {
                cost += r.costUsd();
                anyPriced = true;
            }
        }
        Integer compared = null;
        Double meanSimilarity = null;
        Double similarShare = null;
        if (!reference && similarities != null) {
            compared = similarities.size();
            if (!similarities.isEmpty()) {
                meanSimilarity = similarities.values().stream().mapToDouble(Double::doubleValue).average().orElseThrow();
                similarShare = similarities.values().stream().filter(s -> s >= similarAt).count()
                        / (double) similarities.size();
            }
        }
        int judged = 0;
        int unscored = 0;
        double scoreSum = 0;
        if (verdicts != null) {
            for (JudgeVerdict v : verdicts.values()) {
                if (v.score() == null) {
                    unscored++;
                } else {
                    judged++;
                    scoreSum += v.score();
                }
            }
        }
        return new ArmSummary(arm.name(), requests, errors, percentile(latencies, 0.50), percentile(latencies, 0.95),
                percentile(ttfts, 0.50), percentile(ttfts, 0.95), in, out, withoutUsage, anyPriced ? cost : null, unpriced,
                compared, meanSimilarity, similarShare, judged, judged == 0 ? null : scoreSum / judged, unscored);
    }

    /** Answers with usage: what the token sums are over. */
    public int withUsage() {
        return requests - errors - withoutUsage;
    }

    public double errorRate() {
        return requests == 0 ? 0 : errors / (double) requests;
    }

    /** Nearest rank: the smallest value with at least {@code p} of the values at or below it. */
    static Double percentile(List<Double> values, double p) {
        if (values.isEmpty()) {
            return null;
        }
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        int rank = (int) Math.ceil(p * sorted.size());
        return sorted.get(Math.max(0, rank - 1));
    }
}
