package dev.reprise.testing;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import dev.reprise.testing.FakeUpstream.Reply;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@link FakeUpstream} replies in OpenAI's chat-completions wire format: a whole answer, an SSE stream with or
 * without a usage chunk, and an error in OpenAI's error shape. Answers report 11 prompt tokens unless told.
 */
public final class OpenAiReplies {

    private static final int PROMPT_TOKENS = 11;

    private static final String CHUNK_HEAD = "{\"id\":\"chatcmpl-up\",\"object\":\"chat.completion.chunk\","
            + "\"created\":1700000000,\"model\":\"gpt-4o-mini\",";

    private OpenAiReplies() {
    }

    /** A whole answer of {@code content} with usage: 11 prompt, 3 completion, 14 in total. */
    public static Reply completion(String content) {
        return completion(content, PROMPT_TOKENS, 3);
    }

    /** A whole answer of {@code content} reporting the given usage, so that its cost is known from prices. */
    public static Reply completion(String content, int promptTokens, int completionTokens) {
        return FakeUpstream.json(200, """
                {"id":"chatcmpl-up","object":"chat.completion","created":1700000000,"model":"gpt-4o-mini-2024-07-18",
                 "choices":[{"index":0,"message":{"role":"assistant","content":"%s"},"finish_reason":"stop"}],
                 "usage":{"prompt_tokens":%d,"completion_tokens":%d,"total_tokens":%d}}
                """.formatted(quoted(content), promptTokens, completionTokens, promptTokens + completionTokens),
                Map.of());
    }

    /** An SSE answer: a role chunk, one chunk per piece, a stop, usage (one completion token a piece), [DONE]. */
    public static Reply stream(String... pieces) {
        return stream(true, pieces);
    }

    /** Like {@link #stream(String...)} without the usage chunk, as an upstream that was not asked for it. */
    public static Reply streamWithoutUsage(String... pieces) {
        return stream(false, pieces);
    }

    /**
     * An error status with OpenAI's error body saying {@code message}, its type the one OpenAI gives that status,
     * and the extra headers ({@code Retry-After}, say).
     */
    public static Reply error(int status, String message, Map<String, String> headers) {
        String type = status == 429 ? "rate_limit_error" : status < 500 ? "invalid_request_error" : "server_error";
        return FakeUpstream.json(status, "{\"error\":{\"message\":\"" + quoted(message) + "\",\"type\":\"" + type
                + "\",\"param\":null,\"code\":null}}", headers);
    }

    private static Reply stream(boolean usage, String... pieces) {
        List<String> events = new ArrayList<>();
        events.add(CHUNK_HEAD + "\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":\"\"},"
                + "\"finish_reason\":null}]}");
        for (String piece : pieces) {
            events.add(CHUNK_HEAD + "\"choices\":[{\"index\":0,\"delta\":{\"content\":\"" + quoted(piece) + "\"},"
                    + "\"finish_reason\":null}]}");
        }
        events.add(CHUNK_HEAD + "\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"stop\"}]}");
        if (usage) {
            events.add(CHUNK_HEAD + "\"choices\":[],\"usage\":{\"prompt_tokens\":" + PROMPT_TOKENS
                    + ",\"completion_tokens\":" + pieces.length + ",\"total_tokens\":" + (PROMPT_TOKENS + pieces.length)
                    + "}}");
        }
        events.add("[DONE]");
        return FakeUpstream.stream("text/event-stream", events.stream().map(e -> "data: " + e + "\n\n").toList());
    }

    /** The text as it goes between a JSON string's quotes, so that answers may hold quotes (a verdict's JSON, say). */
    private static String quoted(String text) {
        return new String(JsonStringEncoder.getInstance().quoteAsString(text));
    }
}
