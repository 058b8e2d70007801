package dev.reprise.bench.jmh;

import java.util.SplittableRandom;

/**
 * Seeded random unit vectors, in one of two shapes. {@link #uniform} spreads them evenly over the whole sphere: the
 * worst case for any approximate search, since 384 independent dimensions leave no structure to exploit.
 * {@link #lowRank} draws them from a random {@code rank}-dimensional subspace plus a little noise, which is how
 * sentence embeddings behave (their intrinsic dimension is low), so it predicts recall on real cache entries better.
 */
public final class RandomUnitVectors {

    /** Noise added in every dimension of a low-rank vector, relative to the subspace part. */
    private static final double LOW_RANK_NOISE = 0.05;

    private final SplittableRandom random;
    private final int dimension;
    private final double[][] basis; // dimension x rank, or null for uniform vectors

    private RandomUnitVectors(int dimension, double[][] basis, long seed) {
        if (dimension < 1) {
            throw new IllegalArgumentException("dimension must be >= 1, got " + dimension);
        }
        this.dimension = dimension;
        this.basis = basis;
        this.random = new SplittableRandom(seed);
    }

    /** Gaussian components, L2-normalised: uniform over the sphere. */
    public static RandomUnitVectors uniform(int dimension, long seed) {
        return new RandomUnitVectors(dimension, null, seed);
    }

    /**
     * Vectors in the {@code rank}-dimensional subspace fixed by {@code basisSeed}, plus small noise, L2-normalised.
     * Data and queries share a subspace when they share {@code basisSeed} and differ in {@code seed}.
     */
    public static RandomUnitVectors lowRank(int dimension, int rank, long basisSeed, long seed) {
        if (rank < 1 || rank > dimension) {
            throw new IllegalArgumentException("rank must be between 1 and " + dimension + ", got " + rank);
        }
        SplittableRandom r = new SplittableRandom(basisSeed);
        double[][] basis = new double[dimension][rank];
        for (double[] row : basis) {
            for (int j = 0; j < rank; j++) {
                row[j] = gaussian(r);
            }
        }
        return new RandomUnitVectors(dimension, basis, seed);
    }

    /** The next vector of the sequence. */
    public float[] next() {
        double[] v = new double[dimension];
        if (basis == null) {
            for (int i = 0; i < dimension; i++) {
                v[i] = gaussian(random);
            }
        } else {
            int rank = basis[0].length;
            double[] latent = new double[rank];
            for (int j = 0; j < rank; j++) {
                latent[j] = gaussian(random);
            }
            for (int i = 0; i < dimension; i++) {
                double sum = 0;
                for (int j = 0; j < rank; j++) {
                    sum += basis[i][j] * latent[j];
                }
                v[i] = sum + LOW_RANK_NOISE * Math.sqrt(rank) * gaussian(random);
            }
        }
        double norm = 0;
        for (double x : v) {
            norm += x * x;
        }
        double scale = 1.0 / Math.sqrt(norm);
        float[] out = new float[dimension];
        for (int i = 0; i < dimension; i++) {
            out[i] = (float) (v[i] * scale);
        }
        return out;
    }

    private static double gaussian(SplittableRandom random) {
        // Box-Muller, explicit so the sequence is the same on every JDK.
        double u1 = random.nextDouble();
        double u2 = random.nextDouble();
        return Math.sqrt(-2 * Math.log(u1 == 0 ? Double.MIN_VALUE : u1)) * Math.cos(2 * Math.PI * u2);
    }
}
