package dev.reprise.models.wire;

import java.util.List;

/** One server-sent event of a streamed answer: {@code "object":"chat.completion.chunk"}. */
public record ChatCompletionChunk(
        String id,
        String object,
        long created,
        String model,
        List<ChunkChoice> choices,
        Usage usage) {

    public static final String OBJECT = "chat.completion.chunk";

    /** A fragment of the answer; {@code finishReason} is set on the last content chunk only. */
    public record ChunkChoice(int index, Delta delta, FinishReason finishReason) {
    }

    /** What this chunk adds: the role (first chunk), a piece of text, or tool-call fragments. */
    public record Delta(Role role, String content, List<ToolCall> toolCalls) {
    }
}
