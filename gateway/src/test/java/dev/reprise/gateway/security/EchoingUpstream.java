package dev.reprise.gateway.security;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import dev.reprise.testing.FakeUpstream;
import dev.reprise.testing.OpenAiReplies;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * A fake upstream of one wire format (OpenAI, Anthropic or Gemini) that answers as a careless server would when the
 * last user message asks it to fail: a 401 or a 500 whose error message echoes every request header and the query,
 * the key among them. A 401 puts the key just before the 300th character of its message, where a quote cut short
 * would keep a piece of it.
 */
final class EchoingUpstream implements AutoCloseable {

    /** Text that makes the upstream answer 401 with the echo. */
    static final String FAIL_401 = "fail401";
    /** Text that makes the upstream answer 500 with the echo. */
    static final String FAIL_500 = "fail500";

    private static final String SSE = "text/event-stream";
    private static final int CUT = 300;

    enum Wire { OPENAI, ANTHROPIC, GEMINI }

    final FakeUpstream fake;
    private final Wire wire;

    EchoingUpstream(Wire wire) throws IOException {
        this.wire = wire;
        this.fake = new FakeUpstream();
        fake.answerEach(this::reply);
    }

    /** The base URL a deployment of this wire format takes. */
    String baseUrl() {
        return switch (wire) {
            case OPENAI -> fake.baseUrl() + "/v1";
            case ANTHROPIC -> fake.baseUrl() + "/v1";
            case GEMINI -> fake.baseUrl() + "/v1beta";
        };
    }

    /** Everything the upstream received: headers, query and body of every request, one text. */
    String received() {
        return fake.requests().stream()
                .map(r -> r.method() + " " + r.path() + "?" + r.query() + "\n" + r.headers() + "\n" + r.body())
                .collect(Collectors.joining("\n"));
    }

    private FakeUpstream.Reply reply(FakeUpstream.Recorded request) {
        if (request.body().contains(FAIL_401)) {
            return echo(401, request, CUT - 20);
        }
        if (request.body().contains(FAIL_500)) {
            return echo(500, request, 0);
        }
        boolean stream = request.path().contains("streamGenerateContent") || request.body().contains("\"stream\":true");
        return switch (wire) {
            case OPENAI -> stream ? OpenAiReplies.stream("Fine", " thanks.") : OpenAiReplies.completion("Fine thanks.");
            case ANTHROPIC -> stream ? anthropicStream() : anthropicAnswer();
            case GEMINI -> stream ? geminiStream() : geminiAnswer();
        };
    }

    /** The error's message: the key-bearing header first, starting at {@code keyAt}, then every header and the query. */
    private static FakeUpstream.Reply echo(int status, FakeUpstream.Recorded request, int keyAt) {
        String lead = "Incorrect API key provided: ";
        String key = keyHeader(request);
        String message = lead + "x".repeat(Math.max(0, keyAt - lead.length())) + key
                + " (request headers " + request.headers() + ", query " + request.query() + ")";
        String body = "{\"error\":{\"message\":\"" + new String(JsonStringEncoder.getInstance().quoteAsString(message))
                + "\",\"type\":\"" + (status == 401 ? "authentication_error" : "server_error") + "\"}}";
        return FakeUpstream.json(status, body, Map.of());
    }

    /** The key as the provider sent it: OpenAI's bearer token, Anthropic's x-api-key or Gemini's x-goog-api-key. */
    private static String keyHeader(FakeUpstream.Recorded request) {
        for (String name : List.of("x-api-key", "x-goog-api-key")) {
            if (request.header(name) != null) {
                return request.header(name);
            }
        }
        String auth = request.header("Authorization");
        return auth == null ? "(no key)" : auth.replaceFirst("(?i)^bearer ", "");
    }

    private static FakeUpstream.Reply anthropicAnswer() {
        return FakeUpstream.json(200, """
                {"id":"msg_01XFDUDYJgAACzvnptvVoYEL","type":"message","role":"assistant","model":"claude-haiku",
                 "content":[{"type":"text","text":"Fine thanks."}],"stop_reason":"end_turn","stop_sequence":null,
                 "usage":{"input_tokens":21,"output_tokens":8}}""", Map.of());
    }

    private static FakeUpstream.Reply anthropicStream() {
        return FakeUpstream.stream(SSE, List.of(
                event("message_start", "{\"type\":\"message_start\",\"message\":{\"id\":\"msg_1\",\"type\":\"message\","
                        + "\"role\":\"assistant\",\"content\":[],\"model\":\"claude-haiku\",\"stop_reason\":null,"
                        + "\"stop_sequence\":null,\"usage\":{\"input_tokens\":21,\"output_tokens\":1}}}"),
                event("content_block_start", "{\"type\":\"content_block_start\",\"index\":0,"
                        + "\"content_block\":{\"type\":\"text\",\"text\":\"\"}}"),
                event("content_block_delta", "{\"type\":\"content_block_delta\",\"index\":0,"
                        + "\"delta\":{\"type\":\"text_delta\",\"text\":\"Fine thanks.\"}}"),
                event("content_block_stop", "{\"type\":\"content_block_stop\",\"index\":0}"),
                event("message_delta", "{\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\"end_turn\","
                        + "\"stop_sequence\":null},\"usage\":{\"output_tokens\":8}}"),
                event("message_stop", "{\"type\":\"message_stop\"}")));
    }

    private static String event(String name, String data) {
        return "event: " + name + "\ndata: " + data + "\n\n";
    }

    private static FakeUpstream.Reply geminiAnswer() {
        return FakeUpstream.json(200, """
                {"candidates":[{"content":{"parts":[{"text":"Fine thanks."}],"role":"model"},"finishReason":"STOP"}],
                 "usageMetadata":{"promptTokenCount":21,"candidatesTokenCount":8,"totalTokenCount":29},
                 "modelVersion":"gemini-2.0-flash-001","responseId":"hEbHaMuKMZiWz7IP_9uGuQw"}""", Map.of());
    }

    private static FakeUpstream.Reply geminiStream() {
        return FakeUpstream.stream(SSE, List.of("data: {\"candidates\":[{\"content\":{\"parts\":[{\"text\":"
                + "\"Fine thanks.\"}],\"role\":\"model\"},\"finishReason\":\"STOP\"}],\"usageMetadata\":"
                + "{\"promptTokenCount\":21,\"candidatesTokenCount\":8,\"totalTokenCount\":29},"
                + "\"modelVersion\":\"gemini-2.0-flash-001\",\"responseId\":\"mEbH\"}\r\n\r\n"));
    }

    @Override
    public void close() {
        fake.close();
    }
}
