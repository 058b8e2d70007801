package dev.reprise.models.wire;

import java.util.List;

/**
 * One message of a conversation, in any role. {@code toolCalls} appear on assistant messages and
 * {@code toolCallId} on tool results.
 */
public record ChatMessage(
        Role role,
        MessageContent content,
        String name,
        List<ToolCall> toolCalls,
        String toolCallId,
        String refusal) {

    public static ChatMessage system(String text) {
        return new ChatMessage(Role.SYSTEM, MessageContent.of(text), null, null, null, null);
    }

    public static ChatMessage user(String text) {
        return new ChatMessage(Role.USER, MessageContent.of(text), null, null, null, null);
    }

    public static ChatMessage assistant(String text) {
        return new ChatMessage(Role.ASSISTANT, text == null ? null : MessageContent.of(text), null, null, null, null);
    }

    public static ChatMessage assistant(String text, List<ToolCall> toolCalls) {
        return new ChatMessage(Role.ASSISTANT, text == null ? null : MessageContent.of(text), null,
                toolCalls == null || toolCalls.isEmpty() ? null : List.copyOf(toolCalls), null, null);
    }

    public static ChatMessage tool(String toolCallId, String text) {
        return new ChatMessage(Role.TOOL, MessageContent.of(text), null, null, toolCallId, null);
    }

    /** The text of this message, or "" when it has none (an assistant turn of tool calls only). */
    public String text() {
        return content == null ? "" : content.asText();
    }
}
