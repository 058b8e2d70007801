package dev.reprise.embeddings;

/** The batcher must keep every promise of the embedder it wraps. */
class BatchingMiniLmEmbedderTest extends EmbedderContractTest {

    @Override
    Embedder create() {
        return new BatchingEmbedder(OnnxEmbedder.load(EmbeddingModelChoice.ALL_MINILM_L6_V2_Q));
    }

    @Override
    String expectedModelId() {
        return "all-minilm-l6-v2-q";
    }
}
