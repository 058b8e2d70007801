package dev.reprise.cache;

import org.apache.lucene.store.ByteBuffersDirectory;

/**
 * The whole contract through the HNSW graph: an exact-search limit of 0 sends every namespace, however
 * small, to the graph search that large namespaces use.
 */
class HnswVectorIndexTest extends VectorIndexContractTest {

    private final ByteBuffersDirectory directory = new ByteBuffersDirectory();

    @Override
    protected VectorIndex open(IndexOptions.Builder options) {
        return LuceneVectorIndex.open(directory, options.exactSearchLimit(0).build());
    }
}
