package dev.reprise.bench.jmh;

import org.apache.lucene.codecs.Codec;
import org.apache.lucene.codecs.KnnVectorsFormat;
import org.apache.lucene.codecs.lucene104.Lucene104Codec;
import org.apache.lucene.codecs.lucene104.Lucene104HnswScalarQuantizedVectorsFormat;
import org.apache.lucene.codecs.lucene99.Lucene99HnswVectorsFormat;

/**
 * How an HNSW benchmark index stores its vectors: full floats (Lucene's default) or 8-bit scalar-quantized, chosen per
 * field through the codec, the way an application would switch the cache index over.
 */
public enum VectorFormat {

    /** 32-bit floats, Lucene99HnswVectorsFormat with its defaults (M=16, beam width 100). */
    FLOAT,
    /** Unsigned-byte scalar quantization, Lucene104HnswScalarQuantizedVectorsFormat with its defaults (M=16, beam 100). */
    SQ8;

    /** The format for the vector field. */
    public KnnVectorsFormat knnFormat() {
        return switch (this) {
            case FLOAT -> new Lucene99HnswVectorsFormat();
            case SQ8 -> new Lucene104HnswScalarQuantizedVectorsFormat();
        };
    }

    /** A codec that writes every vector field in {@link #knnFormat()}. */
    public Codec codec() {
        KnnVectorsFormat format = knnFormat();
        return new Lucene104Codec() {
            @Override
            public KnnVectorsFormat getKnnVectorsFormatForField(String field) {
                return format;
            }
        };
    }
}
