package dev.reprise.cache;

import org.apache.lucene.util.VectorUtil;

/**
 * L2-normalised vectors: the check that they are (Lucene's DOT_PRODUCT similarity assumes it without checking),
 * and their cosine.
 */
public final class UnitVectors {

    /** Generous enough for float32 rounding and quantised embedders, tight enough to catch raw vectors. */
    static final double NORM_TOLERANCE = 1e-3;

    private UnitVectors() {
    }

    static void requireUnitLength(float[] vector, String name) {
        if (vector.length == 0) {
            throw new IllegalArgumentException(name + " must have at least 1 dimension, got 0");
        }
        double sumOfSquares = 0;
        for (float v : vector) {
            sumOfSquares += (double) v * v;
        }
        double norm = Math.sqrt(sumOfSquares);
        if (!(Math.abs(norm - 1) <= NORM_TOLERANCE)) {
            throw new IllegalArgumentException(
                    name + " must be L2-normalised (norm within " + NORM_TOLERANCE + " of 1), got norm " + norm);
        }
    }

    /** The cosine of two unit vectors of one dimension: their dot product, with the index's own SIMD code. */
    public static float cosine(float[] a, float[] b) {
        return VectorUtil.dotProduct(a, b);
    }
}
