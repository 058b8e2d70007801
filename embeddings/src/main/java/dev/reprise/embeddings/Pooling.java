package dev.reprise.embeddings;

import java.nio.FloatBuffer;

/** How one text's token vectors from the model's last hidden state become one sentence vector. */
enum Pooling {

    /** Average of the vectors of the real tokens (attention mask 1), special tokens included, as sentence-transformers does. */
    MEAN {
        @Override
        float[] pool(FloatBuffer hidden, int row, int seqLen, int dim, long[] mask) {
            float[] out = new float[dim];
            int rowStart = row * seqLen;
            int tokens = 0;
            for (int t = 0; t < seqLen; t++) {
                if (mask[rowStart + t] == 0) {
                    continue;
                }
                tokens++;
                int base = (rowStart + t) * dim;
                for (int d = 0; d < dim; d++) {
                    out[d] += hidden.get(base + d);
                }
            }
            // Every encoding holds at least [CLS] and [SEP], so tokens is never 0.
            for (int d = 0; d < dim; d++) {
                out[d] /= tokens;
            }
            return out;
        }
    },

    /** The vector of the first token ([CLS]), as BGE models are trained to use. */
    CLS {
        @Override
        float[] pool(FloatBuffer hidden, int row, int seqLen, int dim, long[] mask) {
            float[] out = new float[dim];
            hidden.get(row * seqLen * dim, out);
            return out;
        }
    };

    /**
     * Pools one row of a {@code [rows, seqLen, dim]} hidden state laid out flat in {@code hidden}.
     * {@code mask} is the flat {@code [rows, seqLen]} attention mask.
     */
    abstract float[] pool(FloatBuffer hidden, int row, int seqLen, int dim, long[] mask);

    /** Scales {@code v} in place to unit length; a zero vector stays zero rather than turning into NaNs. */
    static float[] l2Normalise(float[] v) {
        double sum = 0;
        for (float x : v) {
            sum += (double) x * x;
        }
        if (sum == 0) {
            return v;
        }
        float inv = (float) (1.0 / Math.sqrt(sum));
        for (int i = 0; i < v.length; i++) {
            v[i] *= inv;
        }
        return v;
    }
}
