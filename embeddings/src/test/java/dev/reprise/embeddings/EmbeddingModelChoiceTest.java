package dev.reprise.embeddings;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class EmbeddingModelChoiceTest {

    @Test
    void should_parse_each_id_ignoring_case_and_spaces() {
        assertEquals(EmbeddingModelChoice.ALL_MINILM_L6_V2_Q, EmbeddingModelChoice.parse("all-minilm-l6-v2-q"));
        assertEquals(EmbeddingModelChoice.BGE_SMALL_EN_V15_Q, EmbeddingModelChoice.parse(" BGE-Small-EN-v15-q "));
        for (EmbeddingModelChoice choice : EmbeddingModelChoice.values()) {
            assertEquals(choice, EmbeddingModelChoice.parse(choice.id()));
        }
    }

    @Test
    void should_default_to_minilm() {
        assertEquals(EmbeddingModelChoice.ALL_MINILM_L6_V2_Q, EmbeddingModelChoice.DEFAULT);
    }

    @ParameterizedTest
    @NullSource
    @ValueSource(strings = {"", "  ", "minilm", "bge-small-en-v1.5-q", "ALL_MINILM_L6_V2_Q"})
    void should_reject_unknown_ids_naming_the_allowed_values(String value) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> EmbeddingModelChoice.parse(value));
        assertTrue(e.getMessage().contains("all-minilm-l6-v2-q, bge-small-en-v15-q"), e.getMessage());
        assertTrue(e.getMessage().contains("'" + value + "'"), e.getMessage());
    }
}
