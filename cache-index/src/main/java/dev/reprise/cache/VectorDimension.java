package dev.reprise.cache;

import java.io.IOException;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.lucene.index.FieldInfo;
import org.apache.lucene.index.FieldInfos;
import org.apache.lucene.index.IndexReader;

/**
 * The one vector dimension an index accepts, fixed by the first vector it ever stored. Checked before Lucene
 * sees a vector, so a wrong embedder fails with a message naming both dimensions instead of deep in the writer.
 */
final class VectorDimension {

    private final AtomicInteger dimension = new AtomicInteger();

    /** Learns the dimension an existing index already holds, if it holds vectors. */
    void learnFrom(IndexReader reader) throws IOException {
        FieldInfo field = FieldInfos.getMergedFieldInfos(reader).fieldInfo(EntryDocument.VECTOR);
        if (field != null && field.getVectorDimension() > 0) {
            dimension.compareAndSet(0, field.getVectorDimension());
        }
    }

    /** Accepts the vector's dimension (fixing it if still unknown) or throws naming both. */
    void require(float[] vector, String name) {
        int known = dimension.compareAndExchange(0, vector.length);
        if (known != 0 && known != vector.length) {
            throw new IllegalArgumentException(
                    name + " must have " + known + " dimensions like the index, got " + vector.length);
        }
    }

    /** Throws if the dimension is known and differs; never fixes it (queries must not define the schema). */
    void check(float[] vector, String name) {
        int known = dimension.get();
        if (known != 0 && known != vector.length) {
            throw new IllegalArgumentException(
                    name + " must have " + known + " dimensions like the index, got " + vector.length);
        }
    }
}
