package dev.reprise.embeddings;

/** The model could not embed a text, for example because the ONNX run failed; the cause says why. */
public class EmbeddingException extends RuntimeException {

    public EmbeddingException(String message, Throwable cause) {
        super(message, cause);
    }
}
