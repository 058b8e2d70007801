package dev.reprise.bench.eval;

import java.util.ArrayList;
import java.util.List;

/**
 * One bar per namespace from every judged label: the lowest similarity s such that, among the labels judged at s
 * or above, the upper confidence bound of the wrong share stays at or under the limit. The bound is Wilson's score
 * interval at 95% one-sided, so with no wrong label at all a bar of 0.5% needs about 540 labels above it.
 */
final class NamespaceCalibration {

    /** z for a one-sided 95% bound. */
    static final double Z = 1.645;

    private final double maxError;
    private final List<float[]> labels = new ArrayList<>();
    private float bar = Float.POSITIVE_INFINITY;
    private boolean stale;

    NamespaceCalibration(double maxError) {
        this.maxError = maxError;
    }

    void add(float similarity, boolean same) {
        labels.add(new float[] {similarity, same ? 0 : 1});
        stale = true;
    }

    /** The lowest similarity this namespace may serve at on its judged evidence; +infinity when none. */
    float bar() {
        if (stale) {
            bar = compute();
            stale = false;
        }
        return bar;
    }

    private float compute() {
        List<float[]> sorted = new ArrayList<>(labels);
        sorted.sort((x, y) -> Float.compare(y[0], x[0]));
        float best = Float.POSITIVE_INFINITY;
        long n = 0;
        long wrong = 0;
        for (int i = 0; i < sorted.size(); i++) {
            n++;
            wrong += (long) sorted.get(i)[1];
            boolean lastOfTie = i + 1 == sorted.size() || sorted.get(i + 1)[0] != sorted.get(i)[0];
            if (lastOfTie && wilsonUpper(wrong, n) <= maxError) {
                best = sorted.get(i)[0];
            }
        }
        return best;
    }

    /** Upper end of Wilson's score interval for {@code k} wrong out of {@code n}. */
    static double wilsonUpper(long k, long n) {
        if (n == 0) {
            return 1;
        }
        double p = (double) k / n;
        double z2 = Z * Z;
        double centre = p + z2 / (2 * n);
        double spread = Z * Math.sqrt(p * (1 - p) / n + z2 / (4.0 * n * n));
        return (centre + spread) / (1 + z2 / n);
    }
}
