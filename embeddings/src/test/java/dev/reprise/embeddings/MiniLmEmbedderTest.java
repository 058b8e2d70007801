package dev.reprise.embeddings;

class MiniLmEmbedderTest extends EmbedderContractTest {

    @Override
    Embedder create() {
        return OnnxEmbedder.load(EmbeddingModelChoice.ALL_MINILM_L6_V2_Q);
    }

    @Override
    String expectedModelId() {
        return "all-minilm-l6-v2-q";
    }
}
