package dev.reprise.models.provider.internal;

import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.output.TokenUsage;
import dev.reprise.models.catalogue.Deployment;
import dev.reprise.models.wire.ChatCompletionResponse;
import dev.reprise.models.wire.ChatMessage;
import dev.reprise.models.wire.FinishReason;
import dev.reprise.models.wire.ToolCall;
import dev.reprise.models.wire.Usage;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.IntFunction;

/** A LangChain4j {@link ChatResponse} as an OpenAI {@code chat.completion}. */
public final class ResponseTranslation {

    private ResponseTranslation() {
    }

    /**
     * @param toolCallId the id to give tool call number {@code i} when the upstream gave none (Gemini
     *                   and Ollama often do not); a stream passes the ids its fragments already used
     */
    public static ChatCompletionResponse toResponse(ChatResponse response, Deployment deployment,
                                                    IntFunction<String> toolCallId) {
        AiMessage ai = response.aiMessage();
        List<ToolCall> calls = new ArrayList<>();
        if (ai != null && ai.toolExecutionRequests() != null) {
            int i = 0;
            for (ToolExecutionRequest request : ai.toolExecutionRequests()) {
                String id = request.id() == null || request.id().isBlank() ? toolCallId.apply(i) : request.id();
                String arguments = request.arguments() == null || request.arguments().isBlank() ? "{}" : request.arguments();
                calls.add(ToolCall.function(id, request.name(), arguments));
                i++;
            }
        }
        String text = ai == null ? null : ai.text();
        ChatMessage message = calls.isEmpty()
                ? ChatMessage.assistant(text == null ? "" : text)
                : ChatMessage.assistant(text == null || text.isEmpty() ? null : text, calls);
        String id = response.id() != null ? response.id() : "chatcmpl-" + compactUuid();
        String model = response.modelName() != null ? response.modelName() : deployment.upstreamModel();
        return ChatCompletionResponse.of(id, System.currentTimeMillis() / 1000, model, message,
                finishReason(response.finishReason(), !calls.isEmpty()), usage(response.tokenUsage()));
    }

    /** An id in OpenAI's style for a tool call the upstream left unnamed. */
    public static String newToolCallId() {
        return "call_" + compactUuid().substring(0, 24);
    }

    static FinishReason finishReason(dev.langchain4j.model.output.FinishReason reason, boolean hasToolCalls) {
        if (reason == dev.langchain4j.model.output.FinishReason.LENGTH) {
            return FinishReason.LENGTH;
        }
        if (reason == dev.langchain4j.model.output.FinishReason.CONTENT_FILTER) {
            return FinishReason.CONTENT_FILTER;
        }
        // Gemini and Ollama say STOP after a function call; OpenAI clients look for tool_calls.
        if (hasToolCalls || reason == dev.langchain4j.model.output.FinishReason.TOOL_EXECUTION) {
            return FinishReason.TOOL_CALLS;
        }
        return FinishReason.STOP;
    }

    /** The provider's counts, or null when it sent none (the gateway then counts or estimates, and says so). */
    static Usage usage(TokenUsage usage) {
        if (usage == null) {
            return null;
        }
        long in = usage.inputTokenCount() == null ? 0 : usage.inputTokenCount();
        long out = usage.outputTokenCount() == null ? 0 : usage.outputTokenCount();
        long total = usage.totalTokenCount() == null ? in + out : usage.totalTokenCount();
        return new Usage(in, out, total);
    }

    private static String compactUuid() {
        return UUID.randomUUID().toString().replace("-", "");
    }
}
