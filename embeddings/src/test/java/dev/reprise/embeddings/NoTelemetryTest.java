package dev.reprise.embeddings;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Loading a model must leave DJL's telemetry off and DJL offline: the gateway sends nothing it was not asked to. */
class NoTelemetryTest {

    @Test
    void should_opt_out_of_djl_telemetry_and_downloads_when_a_model_loads() {
        try (OnnxEmbedder embedder = OnnxEmbedder.load(EmbeddingModelChoice.DEFAULT)) {
            assertEquals(384, embedder.embed("hello").length);
        }
        assertEquals("true", System.getProperty("OPT_OUT_TRACKING"));
        assertEquals("true", System.getProperty("ai.djl.offline"));
    }
}
