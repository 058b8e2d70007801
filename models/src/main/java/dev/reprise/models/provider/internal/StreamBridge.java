package dev.reprise.models.provider.internal;

import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.chat.response.CompleteToolCall;
import dev.langchain4j.model.chat.response.PartialResponse;
import dev.langchain4j.model.chat.response.PartialResponseContext;
import dev.langchain4j.model.chat.response.PartialToolCall;
import dev.langchain4j.model.chat.response.PartialToolCallContext;
import dev.langchain4j.model.chat.response.StreamingChatResponseHandler;
import dev.langchain4j.model.chat.response.StreamingHandle;
import dev.reprise.models.catalogue.Deployment;
import dev.reprise.models.provider.ProviderException;
import dev.reprise.models.provider.StreamDelta;
import dev.reprise.models.provider.StreamListener;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Feeds one LangChain4j stream into a {@link StreamListener}: text and tool-call fragments as they
 * come, then exactly one of complete or error. Also owns the stream's cancellation: it closes the
 * connection through the {@link StreamCall}, and through LangChain4j's own handle once it has one.
 */
public final class StreamBridge implements StreamingChatResponseHandler {

    private final Deployment deployment;
    private final ErrorMapping errors;
    private final StreamListener listener;
    private final StreamCall call;
    private final AtomicBoolean finished = new AtomicBoolean();
    /** The tool-call id each index was announced with, so the final answer repeats it. */
    private final Map<Integer, String> toolCallIds = new ConcurrentHashMap<>();
    private final Set<Integer> fragmentedToolCalls = ConcurrentHashMap.newKeySet();
    private volatile StreamingHandle upstreamHandle;

    public StreamBridge(Deployment deployment, ErrorMapping errors, StreamListener listener) {
        this.deployment = deployment;
        this.errors = errors;
        this.listener = listener;
        this.call = new StreamCall(this::upstreamEnded);
    }

    /** The call to bind while the model sends the request. */
    public StreamCall call() {
        return call;
    }

    /** Stops the upstream; the listener then hears {@link ProviderException.Cancelled} unless it already finished. */
    public void cancel() {
        call.cancel();
        StreamingHandle handle = upstreamHandle;
        if (handle != null && !handle.isCancelled()) {
            try {
                handle.cancel();
            } catch (RuntimeException unsupported) {
                // Some handles refuse; closing the connection through the call has stopped it anyway.
            }
        }
    }

    @Override
    public void onPartialResponse(PartialResponse partial, PartialResponseContext context) {
        remember(context.streamingHandle());
        if (partial.text() != null && !partial.text().isEmpty()) {
            deliver(StreamDelta.text(partial.text()));
        }
    }

    @Override
    public void onPartialToolCall(PartialToolCall partial, PartialToolCallContext context) {
        remember(context.streamingHandle());
        boolean first = fragmentedToolCalls.add(partial.index());
        String id = idFor(partial.index(), partial.id());
        deliver(StreamDelta.toolCall(new StreamDelta.ToolCallFragment(partial.index(), first ? id : null,
                first ? partial.name() : null, partial.partialArguments())));
    }

    @Override
    public void onCompleteToolCall(CompleteToolCall complete) {
        // Gemini and Ollama send whole calls only: announce them as one fragment.
        if (fragmentedToolCalls.add(complete.index())) {
            var request = complete.toolExecutionRequest();
            deliver(StreamDelta.toolCall(new StreamDelta.ToolCallFragment(complete.index(),
                    idFor(complete.index(), request.id()), request.name(), request.arguments())));
        }
    }

    @Override
    public void onCompleteResponse(ChatResponse response) {
        if (response.finishReason() == null) {
            // LangChain4j's OpenAI stream "completes" when the body just stops; without a finish
            // reason the answer may be cut short, and must not be cached as whole.
            finish(() -> listener.onError(call.isCancelled() ? errors.cancelled() : errors.truncated()));
            return;
        }
        finish(() -> listener.onComplete(ResponseTranslation.toResponse(response, deployment,
                i -> toolCallIds.getOrDefault(i, ResponseTranslation.newToolCallId()))));
    }

    @Override
    public void onError(Throwable error) {
        finish(() -> listener.onError(call.isCancelled() ? errors.cancelled() : errors.map(error)));
    }

    /** The HTTP body is over: if the model said nothing final (Anthropic, Ollama on a cut stream), we do. */
    private void upstreamEnded() {
        finish(() -> listener.onError(call.isCancelled() ? errors.cancelled() : errors.truncated()));
    }

    private void deliver(StreamDelta delta) {
        if (finished.get() || call.isCancelled()) {
            return;
        }
        try {
            listener.onDelta(delta);
        } catch (RuntimeException e) {
            // The consumer cannot take more (its client is gone, say): stop paying for tokens.
            cancel();
        }
    }

    private void finish(Runnable terminal) {
        if (finished.compareAndSet(false, true)) {
            terminal.run();
        }
    }

    private String idFor(int index, String upstreamId) {
        return toolCallIds.computeIfAbsent(index,
                i -> upstreamId == null || upstreamId.isBlank() ? ResponseTranslation.newToolCallId() : upstreamId);
    }

    private void remember(StreamingHandle handle) {
        if (upstreamHandle == null && handle != null) {
            upstreamHandle = handle;
        }
    }
}
