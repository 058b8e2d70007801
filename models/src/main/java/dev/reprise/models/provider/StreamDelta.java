package dev.reprise.models.provider;

/**
 * A piece of a streamed answer as it arrives: some text, or a fragment of a tool call. The gateway
 * turns these into OpenAI chunks, so providers never build SSE themselves.
 */
public record StreamDelta(String content, ToolCallFragment toolCall) {

    public static StreamDelta text(String content) {
        return new StreamDelta(content, null);
    }

    public static StreamDelta toolCall(ToolCallFragment fragment) {
        return new StreamDelta(null, fragment);
    }

    /**
     * Part of tool call number {@code index}: the first fragment carries its id and name, later ones
     * carry more of the JSON arguments.
     */
    public record ToolCallFragment(int index, String id, String name, String argumentsPart) {
    }
}
