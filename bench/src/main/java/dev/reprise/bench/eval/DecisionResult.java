package dev.reprise.bench.eval;

import java.util.List;
import java.util.Map;

/**
 * Everything measured for one model and one decision setting.
 *
 * @param model          the embedding model id
 * @param decision       the decision setting
 * @param tuneLabel      the split the threshold was picked on
 * @param reportLabel    the split the figures are reported on (equal to tuneLabel for user files)
 * @param tuneCurve      the sweep on the tune split
 * @param reportCurve    the sweep on the report split
 * @param recommended    the threshold picked on the tune split, null when no threshold holds the limit
 * @param atRecommended  the report split at the recommended threshold, null without one
 * @param streamsAt      per-stream report figures at the recommended threshold
 * @param pairsAt        per-pair-file report figures at the recommended threshold
 * @param auc            ROC AUC of the cosine, per report pair file
 * @param oracle         the report split's own best threshold under the limit (not a fair pick: for comparing
 *                       decisions at an equal false-hit rate), null when none holds it
 * @param verified       the real Lucene replay of the report streams at the recommended threshold, pooled, or null
 */
public record DecisionResult(String model, DecisionSetting decision, String tuneLabel, String reportLabel,
                             List<CurvePoint> tuneCurve, List<CurvePoint> reportCurve, Double recommended,
                             CurvePoint atRecommended, Map<String, StreamMetrics> streamsAt,
                             Map<String, PairMetrics> pairsAt, Map<String, Double> auc, CurvePoint oracle,
                             StreamMetrics verified) {

    public DecisionResult withVerified(StreamMetrics replayed) {
        return new DecisionResult(model, decision, tuneLabel, reportLabel, tuneCurve, reportCurve, recommended,
                atRecommended, streamsAt, pairsAt, auc, oracle, replayed);
    }
}
