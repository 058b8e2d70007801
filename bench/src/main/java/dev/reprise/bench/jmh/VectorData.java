package dev.reprise.bench.jmh;

/** Which seeded vectors an HNSW benchmark indexes and queries; see {@link RandomUnitVectors}. */
public enum VectorData {

    /** Uniform over the 384-d sphere: the worst case for recall. */
    UNIFORM,
    /** A random 16-dimensional subspace plus noise: shaped like sentence embeddings. */
    LOW_RANK;

    private static final int RANK = 16;
    private static final long BASIS_SEED = 1234;

    /** The vector sequence for {@code seed}; every call with the same seed gives the same vectors. */
    public RandomUnitVectors vectors(int dimension, long seed) {
        return switch (this) {
            case UNIFORM -> RandomUnitVectors.uniform(dimension, seed);
            case LOW_RANK -> RandomUnitVectors.lowRank(dimension, RANK, BASIS_SEED, seed);
        };
    }
}
