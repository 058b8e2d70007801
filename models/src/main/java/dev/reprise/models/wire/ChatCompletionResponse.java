package dev.reprise.models.wire;

import java.util.List;

/** A whole, non-streamed answer: {@code "object":"chat.completion"}. */
public record ChatCompletionResponse(
        String id,
        String object,
        long created,
        String model,
        List<Choice> choices,
        Usage usage,
        String systemFingerprint) {

    public static final String OBJECT = "chat.completion";

    /** One answer with its message and why it ended. */
    public record Choice(int index, ChatMessage message, FinishReason finishReason) {
    }

    /** A single-choice answer, the shape every provider returns. */
    public static ChatCompletionResponse of(String id, long created, String model, ChatMessage message,
                                            FinishReason finishReason, Usage usage) {
        return new ChatCompletionResponse(id, OBJECT, created, model, List.of(new Choice(0, message, finishReason)),
                usage, null);
    }

    /** The first choice, which is the only one Reprise produces (n > 1 is refused). */
    public Choice firstChoice() {
        return choices == null || choices.isEmpty() ? null : choices.get(0);
    }

    /** A copy with a fresh id and created time: what a cache hit serves. */
    /** The same answer with these token counts (e.g. counted by the gateway when the provider sent none). */
    public ChatCompletionResponse withUsage(Usage newUsage) {
        return new ChatCompletionResponse(id, object, created, model, choices, newUsage, systemFingerprint);
    }

    public ChatCompletionResponse withIdentity(String newId, long newCreated) {
        return new ChatCompletionResponse(newId, object, newCreated, model, choices, usage, systemFingerprint);
    }
}
