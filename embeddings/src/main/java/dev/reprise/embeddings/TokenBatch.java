package dev.reprise.embeddings;

import ai.djl.huggingface.tokenizers.Encoding;

/**
 * Several tokenised texts padded to the longest one, as the flat {@code [rows, seqLen]} arrays an ONNX BERT model takes.
 * Padding uses id 0 ([PAD]) with attention mask 0, so the model and the pooling both ignore it.
 */
record TokenBatch(long[] ids, long[] attentionMask, long[] typeIds, int rows, int seqLen) {

    static TokenBatch of(Encoding[] encodings) {
        int rows = encodings.length;
        int seqLen = 0;
        for (Encoding e : encodings) {
            seqLen = Math.max(seqLen, e.getIds().length);
        }
        long[] ids = new long[rows * seqLen];
        long[] mask = new long[rows * seqLen];
        long[] types = new long[rows * seqLen];
        for (int r = 0; r < rows; r++) {
            Encoding e = encodings[r];
            int offset = r * seqLen;
            System.arraycopy(e.getIds(), 0, ids, offset, e.getIds().length);
            System.arraycopy(e.getAttentionMask(), 0, mask, offset, e.getAttentionMask().length);
            System.arraycopy(e.getTypeIds(), 0, types, offset, e.getTypeIds().length);
        }
        return new TokenBatch(ids, mask, types, rows, seqLen);
    }

    long[] shape() {
        return new long[] {rows, seqLen};
    }
}
