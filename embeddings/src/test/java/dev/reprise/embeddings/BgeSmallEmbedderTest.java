package dev.reprise.embeddings;

class BgeSmallEmbedderTest extends EmbedderContractTest {

    @Override
    Embedder create() {
        return OnnxEmbedder.load(EmbeddingModelChoice.BGE_SMALL_EN_V15_Q);
    }

    @Override
    String expectedModelId() {
        return "bge-small-en-v15-q";
    }
}
