package dev.reprise.models.wire;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;

import java.util.List;
import java.util.Map;

/**
 * The body of {@code POST /v1/chat/completions}. Fields mirror OpenAI's names (snake_case on the
 * wire); fields we do not know are ignored on read. Validation lives in the gateway, which names the
 * offending field in its 400 answer.
 */
public record ChatCompletionRequest(
        String model,
        List<ChatMessage> messages,
        Double temperature,
        Double topP,
        Integer maxTokens,
        Integer maxCompletionTokens,
        @JsonDeserialize(using = StopSequencesReader.class) List<String> stop,
        Long seed,
        Double presencePenalty,
        Double frequencyPenalty,
        ResponseFormat responseFormat,
        List<ToolDefinition> tools,
        JsonNode toolChoice,
        Boolean parallelToolCalls,
        String user,
        Integer n,
        Boolean stream,
        StreamOptions streamOptions,
        Map<String, String> metadata) {

    /** True when the client asked for server-sent events. */
    public boolean isStreaming() {
        return Boolean.TRUE.equals(stream);
    }

    /** The completion-token cap, whichever of the two names the client used ({@code max_completion_tokens} wins). */
    public Integer maxOutputTokens() {
        return maxCompletionTokens != null ? maxCompletionTokens : maxTokens;
    }

    /** The last message with role user, or null when there is none. */
    public ChatMessage lastUserMessage() {
        if (messages == null) {
            return null;
        }
        for (int i = messages.size() - 1; i >= 0; i--) {
            ChatMessage m = messages.get(i);
            if (m != null && m.role() == Role.USER) {
                return m;
            }
        }
        return null;
    }

    /** A copy that asks for another model: routing rewrites the alias, never the caller's object. */
    public ChatCompletionRequest withModel(String newModel) {
        return new ChatCompletionRequest(newModel, messages, temperature, topP, maxTokens, maxCompletionTokens, stop,
                seed, presencePenalty, frequencyPenalty, responseFormat, tools, toolChoice, parallelToolCalls, user, n,
                stream, streamOptions, metadata);
    }

    /** A copy with other messages (a prompt variant, say). */
    public ChatCompletionRequest withMessages(List<ChatMessage> newMessages) {
        return new ChatCompletionRequest(model, List.copyOf(newMessages), temperature, topP, maxTokens,
                maxCompletionTokens, stop, seed, presencePenalty, frequencyPenalty, responseFormat, tools, toolChoice,
                parallelToolCalls, user, n, stream, streamOptions, metadata);
    }

    /** A plain request with only a model and messages: for tests and internal callers. */
    public static ChatCompletionRequest of(String model, List<ChatMessage> messages) {
        return new ChatCompletionRequest(model, messages, null, null, null, null, null, null, null, null, null, null,
                null, null, null, null, null, null, null);
    }
}
