package dev.reprise.gateway.stream;

import dev.reprise.models.provider.StreamDelta;
import dev.reprise.models.wire.ChatCompletionChunk;
import dev.reprise.models.wire.ChatCompletionResponse;
import dev.reprise.models.wire.ChatMessage;
import dev.reprise.models.wire.FinishReason;
import dev.reprise.models.wire.Role;
import dev.reprise.models.wire.ToolCall;
import dev.reprise.models.wire.Usage;
import dev.reprise.models.wire.WireJson;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ChunkEncoderTest {

    private static final String TEXT = "A cache hit costs nothing.  It still streams, word by word. ";

    private static ChatCompletionResponse answer(ChatMessage message, FinishReason finish) {
        return ChatCompletionResponse.of("chatcmpl-abc", 1700000000L, "gpt-4o-mini", message, finish, Usage.of(12, 9));
    }

    private static String text(List<ChatCompletionChunk> chunks) {
        StringBuilder out = new StringBuilder();
        for (ChatCompletionChunk c : chunks) {
            for (ChatCompletionChunk.ChunkChoice choice : c.choices()) {
                if (choice.delta().content() != null) {
                    out.append(choice.delta().content());
                }
            }
        }
        return out.toString();
    }

    @Test
    void should_replay_a_whole_answer_as_role_pieces_finish_and_usage() {
        List<ChatCompletionChunk> chunks = ChunkEncoder.replay(answer(ChatMessage.assistant(TEXT), FinishReason.STOP), true);

        assertEquals(Role.ASSISTANT, chunks.get(0).choices().get(0).delta().role());
        assertEquals(TEXT, text(chunks));
        assertTrue(chunks.size() > 5, "the text is split into pieces");
        ChatCompletionChunk finish = chunks.get(chunks.size() - 2);
        assertEquals(FinishReason.STOP, finish.choices().get(0).finishReason());
        assertNull(finish.choices().get(0).delta().content());
        ChatCompletionChunk usage = chunks.get(chunks.size() - 1);
        assertTrue(usage.choices().isEmpty());
        assertEquals(21, usage.usage().totalTokens());
        for (ChatCompletionChunk c : chunks) {
            assertEquals("chatcmpl-abc", c.id());
            assertEquals(ChatCompletionChunk.OBJECT, c.object());
            assertEquals(1700000000L, c.created());
            assertEquals("gpt-4o-mini", c.model());
        }
    }

    @Test
    void should_leave_usage_out_unless_asked() {
        List<ChatCompletionChunk> chunks = ChunkEncoder.replay(answer(ChatMessage.assistant("hi"), FinishReason.LENGTH), false);
        assertTrue(chunks.stream().allMatch(c -> c.usage() == null));
        assertEquals(FinishReason.LENGTH, chunks.get(chunks.size() - 1).choices().get(0).finishReason());
    }

    @Test
    void should_replay_tool_calls_with_their_index_id_and_arguments() {
        ChatMessage calls = ChatMessage.assistant(null, List.of(
                ToolCall.function("call_1", "get_weather", "{\"city\":\"Paris\"}"),
                ToolCall.function("call_2", "get_time", "{}")));
        List<ChatCompletionChunk> chunks = ChunkEncoder.replay(answer(calls, FinishReason.TOOL_CALLS), false);

        assertEquals(4, chunks.size(), "role, two calls, finish");
        ToolCall second = chunks.get(2).choices().get(0).delta().toolCalls().get(0);
        assertEquals(1, second.index());
        assertEquals("call_2", second.id());
        assertEquals("function", second.type());
        assertEquals("get_time", second.function().name());
        assertEquals("{}", second.function().arguments());
        assertEquals(FinishReason.TOOL_CALLS, chunks.get(3).choices().get(0).finishReason());
    }

    @Test
    void should_encode_live_deltas() throws Exception {
        ChunkEncoder encoder = new ChunkEncoder("chatcmpl-live", 1L, "m");
        assertEquals("Hel", encoder.delta(StreamDelta.text("Hel")).choices().get(0).delta().content());

        ToolCall first = encoder.delta(StreamDelta.toolCall(new StreamDelta.ToolCallFragment(0, "call_9", "f", "")))
                .choices().get(0).delta().toolCalls().get(0);
        assertEquals("function", first.type());
        ToolCall later = encoder.delta(StreamDelta.toolCall(new StreamDelta.ToolCallFragment(0, null, null, "{\"a\"")))
                .choices().get(0).delta().toolCalls().get(0);
        assertNull(later.type(), "only the first fragment names the call");
        assertEquals("{\"a\"", later.function().arguments());

        String finish = WireJson.mapper().writeValueAsString(encoder.finish(FinishReason.STOP));
        assertTrue(finish.contains("\"delta\":{}"), finish);
        assertTrue(finish.contains("\"finish_reason\":\"stop\""), finish);
        String role = WireJson.mapper().writeValueAsString(encoder.role());
        assertTrue(role.contains("\"delta\":{\"role\":\"assistant\",\"content\":\"\"}"), role);
    }
}
