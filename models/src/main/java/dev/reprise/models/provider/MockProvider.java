package dev.reprise.models.provider;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.reprise.models.catalogue.Deployment;
import dev.reprise.models.catalogue.TokenEstimate;
import dev.reprise.models.wire.ChatCompletionRequest;
import dev.reprise.models.wire.ChatCompletionResponse;
import dev.reprise.models.wire.ChatMessage;
import dev.reprise.models.wire.FinishReason;
import dev.reprise.models.wire.ResponseFormat;
import dev.reprise.models.wire.ToolCall;
import dev.reprise.models.wire.ToolDefinition;
import dev.reprise.models.wire.Usage;
import dev.reprise.models.wire.WireJson;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.zip.CRC32;

/**
 * The built-in model: answers from the last user message alone, deterministically, after the
 * deployment's configured latency. It needs no network and no key, so a fresh clone can demo the
 * cache: the first answer takes {@code latency}, a cached repeat does not.
 */
public final class MockProvider implements Provider {

    /** Pause between streamed words, so a stream looks like one. */
    private static final Duration WORD_GAP = Duration.ofMillis(2);

    private final Deployment deployment;

    public MockProvider(Deployment deployment) {
        this.deployment = deployment;
    }

    @Override
    public Deployment deployment() {
        return deployment;
    }

    @Override
    public ChatCompletionResponse chat(ChatCompletionRequest request) {
        sleep(deployment.latency());
        return answer(request);
    }

    @Override
    public StreamHandle stream(ChatCompletionRequest request, StreamListener listener) {
        AtomicBoolean cancelled = new AtomicBoolean();
        Thread.ofVirtual().name("mock-stream").start(() -> {
            try {
                sleep(deployment.latency());
                ChatCompletionResponse response = answer(request);
                ChatMessage message = response.firstChoice().message();
                if (message.toolCalls() != null) {
                    int i = 0;
                    for (ToolCall call : message.toolCalls()) {
                        listener.onDelta(StreamDelta.toolCall(new StreamDelta.ToolCallFragment(i++, call.id(),
                                call.function().name(), call.function().arguments())));
                    }
                } else {
                    for (String piece : words(message.text())) {
                        if (cancelled.get()) {
                            listener.onError(new ProviderException.Cancelled(deployment.provider().configName()));
                            return;
                        }
                        listener.onDelta(StreamDelta.text(piece));
                        sleep(WORD_GAP);
                    }
                }
                if (cancelled.get()) {
                    listener.onError(new ProviderException.Cancelled(deployment.provider().configName()));
                    return;
                }
                listener.onComplete(response);
            } catch (RuntimeException e) {
                listener.onError(new ProviderException.ServerError(deployment.provider().configName(), 500,
                        "mock provider failed: " + e.getMessage(), e));
            }
        });
        return () -> cancelled.set(true);
    }

    private ChatCompletionResponse answer(ChatCompletionRequest request) {
        ChatMessage lastUser = request.lastUserMessage();
        String question = lastUser == null ? "" : lastUser.text().strip();
        long promptTokens = TokenEstimate.ofMessages(request.messages());
        String id = "chatcmpl-" + UUID.randomUUID().toString().replace("-", "");
        long created = System.currentTimeMillis() / 1000;

        ToolDefinition tool = forcedTool(request);
        if (tool != null) {
            String args = "{\"query\":" + quote(question) + "}";
            ToolCall call = ToolCall.function("call_" + fingerprint(question), tool.function().name(), args);
            ChatMessage message = ChatMessage.assistant(null, List.of(call));
            return ChatCompletionResponse.of(id, created, deployment.upstreamModel(), message, FinishReason.TOOL_CALLS,
                    Usage.of(promptTokens, TokenEstimate.ofText(args) + 8));
        }

        String text = "Mock answer " + fingerprint(question) + ": you asked \"" + question + "\". "
                + "This reply is generated locally by Reprise's mock provider.";
        if (request.responseFormat() != null && !ResponseFormat.TEXT.equals(request.responseFormat().type())) {
            text = "{\"answer\":" + quote(text) + "}";
        }
        FinishReason finish = FinishReason.STOP;
        Integer cap = request.maxOutputTokens();
        if (cap != null && TokenEstimate.ofText(text) > cap) {
            text = text.substring(0, Math.min(text.length(), Math.max(1, cap * 4)));
            finish = FinishReason.LENGTH;
        }
        return ChatCompletionResponse.of(id, created, deployment.upstreamModel(), ChatMessage.assistant(text), finish,
                Usage.of(promptTokens, TokenEstimate.ofText(text)));
    }

    /** The tool the request forces ("required" picks the first; a named function picks that one). */
    private static ToolDefinition forcedTool(ChatCompletionRequest request) {
        List<ToolDefinition> tools = request.tools();
        JsonNode choice = request.toolChoice();
        if (tools == null || tools.isEmpty() || choice == null) {
            return null;
        }
        if (choice.isTextual() && "required".equals(choice.asText())) {
            return tools.get(0);
        }
        String wanted = choice.path("function").path("name").asText(null);
        if (wanted == null) {
            return null;
        }
        return tools.stream().filter(t -> t.function() != null && wanted.equals(t.function().name()))
                .findFirst().orElse(null);
    }

    private static List<String> words(String text) {
        // Keep the spaces with the words, so the pieces join back to the exact text.
        return List.of(text.split("(?<= )"));
    }

    private static String fingerprint(String text) {
        CRC32 crc = new CRC32();
        crc.update(text.getBytes(StandardCharsets.UTF_8));
        return HexFormat.of().toHexDigits((int) crc.getValue());
    }

    private static String quote(String s) {
        try {
            return WireJson.mapper().writeValueAsString(s);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void sleep(Duration d) {
        if (d.isZero()) {
            return;
        }
        try {
            Thread.sleep(d);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ProviderException.Cancelled("mock");
        }
    }
}
