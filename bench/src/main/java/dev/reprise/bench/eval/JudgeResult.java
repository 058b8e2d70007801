package dev.reprise.bench.eval;

import java.util.List;

/**
 * The judge evaluation of one stream for one model: the decisions without a judge, and for each judge error and
 * budget the setting TUNE picked per rule, reported on the other split.
 *
 * @param model         the embedding model id
 * @param stream        the stream's data-set name
 * @param base          the cosine decision the judge works under
 * @param baseThreshold its threshold picked on TUNE, null when none holds the limit (then the highest swept one runs)
 * @param baseline      the report split without a judge at that threshold
 * @param oracleThreshold the report split's own best threshold without a judge under the limit (not a fair pick:
 *                      the decision without a judge at an equal wrong share), null when none holds it
 * @param oracle        the report split at that threshold, null without one
 * @param verifierPick  the verifier's minimum probability picked on TUNE, null when none holds it or it did not run
 * @param verifier      the report split under the verifier at that pick, null without one
 * @param rows          one per judge error, budget and rule
 */
public record JudgeResult(String model, String stream, DecisionSetting base, Double baseThreshold,
                          StreamMetrics baseline, Double oracleThreshold, StreamMetrics oracle, Double verifierPick, StreamMetrics verifier, List<Row> rows) {

    /**
     * The best setting of one rule on TUNE at one judge error and budget, and what it does on the report split.
     *
     * @param error    the judge's error rate
     * @param budget   judge calls as a share of misses
     * @param rule     the rule
     * @param setting  the setting TUNE picked (the most hits under the limit), null when none held it
     * @param tune     TUNE under that setting, null without one
     * @param report   the report split under that setting, the baseline without one
     * @param run      the report run's judge counts, null without a setting
     * @param winner   whether this rule had the most TUNE hits at this error and budget
     */
    public record Row(double error, double budget, JudgeRule rule, JudgeSetting setting, StreamMetrics tune,
                      StreamMetrics report, JudgeSimulation.Run run, boolean winner) {
    }
}
