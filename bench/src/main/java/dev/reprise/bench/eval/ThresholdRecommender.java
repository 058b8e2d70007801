package dev.reprise.bench.eval;

import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Picks the lowest threshold whose false hits stay under a limit. The rate is wrong hits as a share of hits on the
 * streams when there are streams, otherwise the false-hit rate on different-pairs. Sweeps are not monotonic (a
 * few hits more or less move the share), so the threshold must hold the limit at every higher threshold too: one
 * lucky dip below the limit is not a recommendation.
 */
public final class ThresholdRecommender {

    private ThresholdRecommender() {
    }

    /** The metric a curve is judged on, named for reports. */
    public static String metricName(List<CurvePoint> curve) {
        return usesStreams(curve) ? "wrong hits as a share of hits (streams)" : "false-hit rate on different pairs";
    }

    public static double falseHitRate(CurvePoint point, boolean streams) {
        return streams ? point.streams().wrongShare() : point.pairs().falseHitRate();
    }

    public static Optional<Double> recommend(List<CurvePoint> curve, double maxFalseHits) {
        boolean streams = usesStreams(curve);
        List<CurvePoint> descending = curve.stream()
                .sorted(Comparator.comparingDouble(CurvePoint::threshold).reversed()).toList();
        Double best = null;
        for (CurvePoint p : descending) {
            if (falseHitRate(p, streams) > maxFalseHits) {
                break;
            }
            best = p.threshold();
        }
        return Optional.ofNullable(best);
    }

    private static boolean usesStreams(List<CurvePoint> curve) {
        return curve.stream().anyMatch(p -> p.streams().queries() > 0);
    }
}
