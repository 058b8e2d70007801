package dev.reprise.cache;

import java.util.Random;

/** Seeded random unit vectors of the production dimension, and vectors at a chosen cosine to another. */
final class TestVectors {

    static final int DIMENSION = 384;

    private final Random random;

    TestVectors(long seed) {
        this.random = new Random(seed);
    }

    float[] random() {
        float[] v = new float[DIMENSION];
        for (int i = 0; i < DIMENSION; i++) {
            v[i] = (float) random.nextGaussian();
        }
        return normalise(v);
    }

    /** A unit vector whose cosine similarity to the unit vector {@code base} is {@code cosine}. */
    float[] atCosine(float[] base, double cosine) {
        float[] noise = random();
        double along = dot(noise, base);
        float[] orthogonal = new float[DIMENSION];
        for (int i = 0; i < DIMENSION; i++) {
            orthogonal[i] = (float) (noise[i] - along * base[i]);
        }
        orthogonal = normalise(orthogonal);
        double sine = Math.sqrt(1 - cosine * cosine);
        float[] v = new float[DIMENSION];
        for (int i = 0; i < DIMENSION; i++) {
            v[i] = (float) (cosine * base[i] + sine * orthogonal[i]);
        }
        return normalise(v);
    }

    static double dot(float[] a, float[] b) {
        double sum = 0;
        for (int i = 0; i < a.length; i++) {
            sum += (double) a[i] * b[i];
        }
        return sum;
    }

    private static float[] normalise(float[] v) {
        double norm = Math.sqrt(dot(v, v));
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) (v[i] / norm);
        }
        return v;
    }
}
