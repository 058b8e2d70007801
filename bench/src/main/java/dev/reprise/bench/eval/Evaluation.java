package dev.reprise.bench.eval;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Judges one decision setting for one model: sweeps the tune split, picks the threshold there, and reports the
 * other split at that threshold. With user files there is one split, used for both.
 */
public final class Evaluation {

    private Evaluation() {
    }

    public static DecisionResult run(String model, DecisionSetting setting, PreparedSet tune, PreparedSet report,
                                     EvalOptions options) {
        List<CurvePoint> tuneCurve = tune.sweep(setting, options.thresholds(), options.pricing());
        List<CurvePoint> reportCurve = tune == report ? tuneCurve
                : report.sweep(setting, options.thresholds(), options.pricing());
        Optional<Double> picked = ThresholdRecommender.recommend(tuneCurve, options.maxFalseHits());
        Optional<Double> oracle = ThresholdRecommender.recommend(reportCurve, options.maxFalseHits());
        CurvePoint at = picked.map(t -> pointAt(reportCurve, t)).orElse(null);
        Map<String, StreamMetrics> streams = picked.map(t -> report.perStream(setting, t, options.pricing()))
                .orElse(Map.of());
        Map<String, PairMetrics> pairs = picked.map(t -> report.perPairs(setting, t)).orElse(Map.of());
        return new DecisionResult(model, setting, tune.label(), report.label(), tuneCurve, reportCurve,
                picked.orElse(null), at, streams, pairs, report.auc(setting), oracle.map(t -> pointAt(reportCurve, t))
                .orElse(null), null);
    }

    /** Re-runs the report streams through the real index at the recommended threshold; pooled. */
    public static StreamMetrics verify(DecisionResult result, PreparedSet report, EvalOptions options,
                                       Progress progress) {
        StreamMetrics pooled = StreamMetrics.EMPTY;
        for (StreamSimulation sim : report.streams()) {
            List<LookupOutcome> outcomes = StreamReplay.replay(sim.stream(),
                    result.decision().at(result.recommended()), result.decision().verifier(), progress);
            pooled = pooled.plus(StreamMetrics.of(sim.stream().queries(), outcomes, options.pricing()));
        }
        return pooled;
    }

    private static CurvePoint pointAt(List<CurvePoint> curve, double threshold) {
        return curve.stream().filter(p -> p.threshold() == threshold).findFirst().orElseThrow();
    }
}
