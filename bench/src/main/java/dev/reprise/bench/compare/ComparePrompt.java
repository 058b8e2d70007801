package dev.reprise.bench.compare;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * One request of the input, as every alias will get it: an OpenAI chat body without {@code model} and streaming
 * fields, which the run sets. {@code key} is a hash of that body: results are stored under it, so a rerun knows
 * what is done even when lines move.
 *
 * @param source where it came from, such as {@code line 3} or {@code line 3 row 2}
 * @param body   the chat body without {@code model}, {@code stream} and {@code stream_options}
 * @param key    a hash of the body
 */
public record ComparePrompt(String source, ObjectNode body, String key) {

    public static ComparePrompt of(String source, ObjectNode body) {
        ObjectNode clean = body.deepCopy();
        clean.remove("model");
        clean.remove("stream");
        clean.remove("stream_options");
        return new ComparePrompt(source, clean, hash(clean.toString()));
    }

    /** The conversation as text for the report: the last user message, after the earlier turns when there are any. */
    public String displayText() {
        StringBuilder text = new StringBuilder();
        JsonNode messages = body.path("messages");
        for (int i = 0; i < messages.size(); i++) {
            JsonNode m = messages.get(i);
            boolean last = i == messages.size() - 1;
            String content = textOf(m.path("content"));
            if (last && messages.size() == 1) {
                return content;
            }
            text.append(m.path("role").asText("?")).append(": ").append(content);
            if (!last) {
                text.append('\n');
            }
        }
        return text.toString();
    }

    /** A message's text: a string, or the text parts of a content array. */
    static String textOf(JsonNode content) {
        if (content.isTextual()) {
            return content.asText();
        }
        StringBuilder out = new StringBuilder();
        for (JsonNode part : content) {
            if (part.path("type").asText().equals("text")) {
                out.append(out.isEmpty() ? "" : "\n").append(part.path("text").asText());
            } else if (part.has("type")) {
                out.append(out.isEmpty() ? "" : "\n").append('[').append(part.path("type").asText()).append(']');
            }
        }
        return out.toString();
    }

    static String hash(String text) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 12);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
