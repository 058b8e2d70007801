package dev.reprise.gateway.stream;

import dev.reprise.models.provider.StreamDelta;
import dev.reprise.models.wire.ChatCompletionChunk;
import dev.reprise.models.wire.ChatCompletionChunk.ChunkChoice;
import dev.reprise.models.wire.ChatCompletionChunk.Delta;
import dev.reprise.models.wire.ChatCompletionResponse;
import dev.reprise.models.wire.ChatMessage;
import dev.reprise.models.wire.FinishReason;
import dev.reprise.models.wire.Role;
import dev.reprise.models.wire.ToolCall;
import dev.reprise.models.wire.Usage;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * Builds OpenAI {@code chat.completion.chunk}s for one answer, all sharing its id, created time and
 * model. It encodes live {@link StreamDelta}s as they arrive, and replays a whole answer (a cache hit
 * served to a {@code stream: true} request) as the same sequence a live stream would produce: role,
 * content pieces or tool calls, finish reason, and optionally usage.
 */
public final class ChunkEncoder {

    /** Split after each space, so the pieces join back to exactly the original text. */
    private static final Pattern WORD_END = Pattern.compile("(?<= )");

    private final String id;
    private final long created;
    private final Supplier<String> model;

    public ChunkEncoder(String id, long created, String model) {
        this(id, created, () -> model);
    }

    /**
     * An encoder for a live stream, whose model is read for every chunk: a fallback decides which deployment
     * serves the stream only when its first token arrives.
     */
    public ChunkEncoder(String id, long created, Supplier<String> model) {
        this.id = id;
        this.created = created;
        this.model = model;
    }

    /** An encoder whose chunks carry the identity of {@code response}. */
    public static ChunkEncoder of(ChatCompletionResponse response) {
        return new ChunkEncoder(response.id(), response.created(), response.model());
    }

    /** The first chunk: the assistant role and empty content, as OpenAI sends it. */
    public ChatCompletionChunk role() {
        return choice(new Delta(Role.ASSISTANT, "", null), null);
    }

    public ChatCompletionChunk text(String piece) {
        return choice(new Delta(null, piece, null), null);
    }

    /** A fragment of tool call {@code index}; the first one for a call carries its id and name. */
    public ChatCompletionChunk toolCall(int index, String callId, String name, String argumentsPart) {
        String type = callId != null || name != null ? ToolCall.FUNCTION : null;
        ToolCall fragment = new ToolCall(index, callId, type, new ToolCall.FunctionCall(name,
                argumentsPart == null ? "" : argumentsPart));
        return choice(new Delta(null, null, List.of(fragment)), null);
    }

    /** A live delta from a provider. */
    public ChatCompletionChunk delta(StreamDelta delta) {
        if (delta.toolCall() != null) {
            StreamDelta.ToolCallFragment f = delta.toolCall();
            return toolCall(f.index(), f.id(), f.name(), f.argumentsPart());
        }
        return text(delta.content() == null ? "" : delta.content());
    }

    /** The chunk that ends the choice: an empty delta and the finish reason. */
    public ChatCompletionChunk finish(FinishReason reason) {
        return choice(new Delta(null, null, null), reason == null ? FinishReason.STOP : reason);
    }

    /** The extra last chunk of {@code stream_options.include_usage}: no choices, just usage. */
    public ChatCompletionChunk usage(Usage usage) {
        return new ChatCompletionChunk(id, ChatCompletionChunk.OBJECT, created, model.get(), List.of(), usage);
    }

    /** The content chunks of a whole message: text pieces, or one chunk per tool call. */
    public List<ChatCompletionChunk> body(ChatMessage message) {
        List<ChatCompletionChunk> chunks = new ArrayList<>();
        if (message == null) {
            return chunks;
        }
        String text = message.text();
        if (!text.isEmpty()) {
            for (String piece : WORD_END.split(text)) {
                chunks.add(text(piece));
            }
        }
        if (message.toolCalls() != null) {
            for (int i = 0; i < message.toolCalls().size(); i++) {
                ToolCall call = message.toolCalls().get(i);
                ToolCall.FunctionCall fn = call.function();
                chunks.add(toolCall(i, call.id(), fn == null ? null : fn.name(), fn == null ? "" : fn.arguments()));
            }
        }
        return chunks;
    }

    /** The whole answer as the chunks of a stream, ending with usage when {@code includeUsage}. */
    public static List<ChatCompletionChunk> replay(ChatCompletionResponse response, boolean includeUsage) {
        ChunkEncoder encoder = of(response);
        ChatCompletionResponse.Choice choice = response.firstChoice();
        List<ChatCompletionChunk> chunks = new ArrayList<>();
        chunks.add(encoder.role());
        chunks.addAll(encoder.body(choice == null ? null : choice.message()));
        chunks.add(encoder.finish(choice == null ? FinishReason.STOP : choice.finishReason()));
        if (includeUsage && response.usage() != null) {
            chunks.add(encoder.usage(response.usage()));
        }
        return chunks;
    }

    private ChatCompletionChunk choice(Delta delta, FinishReason finish) {
        return new ChatCompletionChunk(id, ChatCompletionChunk.OBJECT, created, model.get(),
                List.of(new ChunkChoice(0, delta, finish)), null);
    }
}
