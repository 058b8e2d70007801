package dev.reprise.bench.jmh;

import java.util.SplittableRandom;

/**
 * A seeded sequence of key indexes drawn from a Zipf distribution, precomputed so that drawing costs one array
 * read inside a benchmark. Index 0 is the most popular key, as in real cache traffic where a few questions dominate.
 */
public final class ZipfKeys {

    /** The skew YCSB and Caffeine's benchmarks use for "realistic" popularity. */
    public static final double DEFAULT_EXPONENT = 0.99;

    private final int[] sequence;
    private int next;

    private ZipfKeys(int[] sequence) {
        this.sequence = sequence;
    }

    /**
     * A sequence of {@code length} draws over {@code keys} keys, with the given exponent and seed.
     *
     * @throws IllegalArgumentException if {@code keys} or {@code length} is below 1 or the exponent is not positive
     */
    public static ZipfKeys of(int keys, double exponent, int length, long seed) {
        if (keys < 1 || length < 1 || !(exponent > 0)) {
            throw new IllegalArgumentException("keys and length must be >= 1 and exponent > 0, got keys=" + keys
                    + ", length=" + length + ", exponent=" + exponent);
        }
        double[] cdf = new double[keys];
        double sum = 0;
        for (int k = 0; k < keys; k++) {
            sum += 1.0 / Math.pow(k + 1, exponent);
            cdf[k] = sum;
        }
        SplittableRandom random = new SplittableRandom(seed);
        int[] sequence = new int[length];
        for (int i = 0; i < length; i++) {
            double u = random.nextDouble() * sum;
            int lo = 0;
            int hi = keys - 1;
            while (lo < hi) {
                int mid = (lo + hi) >>> 1;
                if (cdf[mid] < u) {
                    lo = mid + 1;
                } else {
                    hi = mid;
                }
            }
            sequence[i] = lo;
        }
        return new ZipfKeys(sequence);
    }

    /** The next key index, wrapping around the precomputed sequence; not thread-safe (use one per thread). */
    public int next() {
        int key = sequence[next];
        next = next + 1 == sequence.length ? 0 : next + 1;
        return key;
    }

    /** How many draws the sequence holds before it repeats. */
    public int length() {
        return sequence.length;
    }
}
