package dev.reprise.models.wire;

/** Token counts as OpenAI reports them. */
public record Usage(long promptTokens, long completionTokens, long totalTokens) {

    public static Usage of(long promptTokens, long completionTokens) {
        return new Usage(promptTokens, completionTokens, promptTokens + completionTokens);
    }
}
