package dev.reprise.embeddings;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The embedding models packaged with Reprise, whose ONNX files and tokenizers ship inside the LangChain4j jars.
 * Parse one from configuration with {@link #parse(String)}.
 */
public enum EmbeddingModelChoice {

    /**
     * sentence-transformers/all-MiniLM-L6-v2, int8-quantised: mean pooling. The model was trained on 128-token
     * inputs and sentence-transformers truncates it at 256, so we do too.
     */
    ALL_MINILM_L6_V2_Q("all-minilm-l6-v2-q", "all-minilm-l6-v2-q.onnx", "all-minilm-l6-v2-q-tokenizer.json",
            Pooling.MEAN, 384, 256),

    /** BAAI/bge-small-en-v1.5, int8-quantised: CLS pooling, 512-token window. */
    BGE_SMALL_EN_V15_Q("bge-small-en-v15-q", "bge-small-en-v1.5-q.onnx", "bge-small-en-v1.5-q-tokenizer.json",
            Pooling.CLS, 384, 512);

    /** The model used when configuration names none. */
    public static final EmbeddingModelChoice DEFAULT = ALL_MINILM_L6_V2_Q;

    private final String id;
    private final String modelResource;
    private final String tokenizerResource;
    private final Pooling pooling;
    private final int dimension;
    private final int maxTokens;

    EmbeddingModelChoice(String id, String modelResource, String tokenizerResource, Pooling pooling,
                         int dimension, int maxTokens) {
        this.id = id;
        this.modelResource = modelResource;
        this.tokenizerResource = tokenizerResource;
        this.pooling = pooling;
        this.dimension = dimension;
        this.maxTokens = maxTokens;
    }

    /**
     * Finds the model whose id is {@code value}, ignoring case and surrounding spaces.
     *
     * @throws IllegalArgumentException if {@code value} is null, blank or not a known id; the message lists the ids
     */
    public static EmbeddingModelChoice parse(String value) {
        String wanted = value == null ? "" : value.strip().toLowerCase(Locale.ROOT);
        for (EmbeddingModelChoice choice : values()) {
            if (choice.id.equals(wanted)) {
                return choice;
            }
        }
        throw new IllegalArgumentException("Unknown embedding model '" + value + "'; allowed values: " + allowedIds());
    }

    /** The ids {@link #parse(String)} accepts, comma-separated, for error messages and help text. */
    public static String allowedIds() {
        return Arrays.stream(values()).map(EmbeddingModelChoice::id).collect(Collectors.joining(", "));
    }

    /** The id used in configuration and cache keys, such as {@code all-minilm-l6-v2-q}. */
    public String id() {
        return id;
    }

    /** The vector length the model produces. */
    public int dimension() {
        return dimension;
    }

    /** The longest input in tokens, special tokens included; longer inputs lose their tail. */
    public int maxTokens() {
        return maxTokens;
    }

    String modelResource() {
        return modelResource;
    }

    String tokenizerResource() {
        return tokenizerResource;
    }

    Pooling pooling() {
        return pooling;
    }

    @Override
    public String toString() {
        return id;
    }
}
