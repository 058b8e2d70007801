package dev.reprise.models.provider;

import com.fasterxml.jackson.databind.JsonNode;
import dev.reprise.models.catalogue.ProviderKind;
import dev.reprise.testing.FakeUpstream;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** OpenAI's chat completions wire format, as in platform.openai.com's API reference. */
class OpenAiProviderTest extends ProviderContractTest {

    private static final String SSE = "text/event-stream";

    @Override
    ProviderKind kind() {
        return ProviderKind.OPENAI;
    }

    @Override
    String model() {
        return "gpt-4o-mini";
    }

    @Override
    String answeringModel() {
        return "gpt-4o-mini-2024-07-18";
    }

    @Override
    String basePath() {
        return "/v1";
    }

    @Override
    String chatPath() {
        return "/v1/chat/completions";
    }

    @Override
    String upstreamToolCallId() {
        return "call_qX9vGm2mK1Lw7d3Rb5cT8yZa";
    }

    @Override
    FakeUpstream.Reply plainAnswer() {
        return FakeUpstream.json(200, """
                {"id":"chatcmpl-B9MBs8CjcvOU2jLn4n570S5qMJKcT","object":"chat.completion","created":1741569952,
                 "model":"gpt-4o-mini-2024-07-18",
                 "choices":[{"index":0,"message":{"role":"assistant","content":"%s","refusal":null,"annotations":[]},
                             "logprobs":null,"finish_reason":"stop"}],
                 "usage":{"prompt_tokens":21,"completion_tokens":8,"total_tokens":29,
                          "prompt_tokens_details":{"cached_tokens":0,"audio_tokens":0},
                          "completion_tokens_details":{"reasoning_tokens":0,"audio_tokens":0,
                             "accepted_prediction_tokens":0,"rejected_prediction_tokens":0}},
                 "service_tier":"default","system_fingerprint":"fp_06737a9306"}""".formatted(ANSWER), Map.of());
    }

    @Override
    FakeUpstream.Reply toolCallAnswer() {
        return FakeUpstream.json(200, """
                {"id":"chatcmpl-B9MHDbslfkBeAs8l4bebGdFOJ6PeG","object":"chat.completion","created":1741570283,
                 "model":"gpt-4o-mini-2024-07-18",
                 "choices":[{"index":0,"message":{"role":"assistant","content":null,
                    "tool_calls":[{"id":"call_qX9vGm2mK1Lw7d3Rb5cT8yZa","type":"function",
                                   "function":{"name":"get_weather","arguments":"{\\"city\\":\\"Rome\\",\\"unit\\":\\"celsius\\"}"}}],
                    "refusal":null,"annotations":[]},"logprobs":null,"finish_reason":"tool_calls"}],
                 "usage":{"prompt_tokens":82,"completion_tokens":17,"total_tokens":99},
                 "service_tier":"default","system_fingerprint":"fp_06737a9306"}""", Map.of());
    }

    private static String chunk(String delta, String finishReason) {
        return "data: {\"id\":\"chatcmpl-7QyqpwdfhqwajicIEznoc6Q47XAyW\",\"object\":\"chat.completion.chunk\","
                + "\"created\":1694268190,\"model\":\"gpt-4o-mini-2024-07-18\",\"system_fingerprint\":\"fp_44709d6fcb\","
                + "\"choices\":[{\"index\":0,\"delta\":" + delta + ",\"logprobs\":null,\"finish_reason\":"
                + (finishReason == null ? "null" : "\"" + finishReason + "\"") + "}],\"usage\":null}\n\n";
    }

    private static String text(String piece) {
        return chunk("{\"content\":\"" + piece + "\"}", null);
    }

    private static final String ROLE = chunk("{\"role\":\"assistant\",\"content\":\"\",\"refusal\":null}", null);
    private static final String USAGE = "data: {\"id\":\"chatcmpl-7QyqpwdfhqwajicIEznoc6Q47XAyW\","
            + "\"object\":\"chat.completion.chunk\",\"created\":1694268190,\"model\":\"gpt-4o-mini-2024-07-18\","
            + "\"system_fingerprint\":\"fp_44709d6fcb\",\"choices\":[],"
            + "\"usage\":{\"prompt_tokens\":21,\"completion_tokens\":8,\"total_tokens\":29}}\n\n";
    private static final String DONE = "data: [DONE]\n\n";

    @Override
    FakeUpstream.Reply streamedAnswer() {
        List<String> events = new ArrayList<>();
        events.add(ROLE);
        ANSWER_PIECES.forEach(p -> events.add(text(p)));
        events.add(chunk("{}", "stop"));
        events.add(USAGE);
        events.add(DONE);
        return FakeUpstream.stream(SSE, events);
    }

    @Override
    FakeUpstream.Reply streamedToolCall() {
        return FakeUpstream.stream(SSE, List.of(
                chunk("{\"role\":\"assistant\",\"content\":null,\"tool_calls\":[{\"index\":0,"
                        + "\"id\":\"call_qX9vGm2mK1Lw7d3Rb5cT8yZa\",\"type\":\"function\","
                        + "\"function\":{\"name\":\"get_weather\",\"arguments\":\"\"}}],\"refusal\":null}", null),
                chunk("{\"tool_calls\":[{\"index\":0,\"function\":{\"arguments\":\"{\\\"city\\\":\"}}]}", null),
                chunk("{\"tool_calls\":[{\"index\":0,\"function\":{\"arguments\":\"\\\"Rome\\\",\\\"unit\\\":\"}}]}", null),
                chunk("{\"tool_calls\":[{\"index\":0,\"function\":{\"arguments\":\"\\\"celsius\\\"}\"}}]}", null),
                chunk("{}", "tool_calls"),
                USAGE,
                DONE));
    }

    @Override
    FakeUpstream.Reply endlessStream() {
        return FakeUpstream.endless(SSE, List.of(ROLE, text("The capital")), text(" and more"));
    }

    @Override
    boolean passesImageUrls() {
        return true;
    }

    @Override
    String streamContentType() {
        return SSE;
    }

    @Override
    FakeUpstream.Reply stalledStream() {
        return FakeUpstream.stall(SSE, List.of(ROLE, text("The capital")));
    }

    @Override
    FakeUpstream.Reply truncatedStream() {
        return FakeUpstream.stream(SSE, List.of(ROLE, text("The capital"), text(" of France")));
    }

    @Override
    FakeUpstream.Reply error(int status, String message, Map<String, String> headers) {
        String type = status == 429 ? "requests" : status >= 500 ? "server_error" : "invalid_request_error";
        return FakeUpstream.json(status, """
                {"error":{"message":"%s","type":"%s","param":null,"code":null}}""".formatted(message, type), headers);
    }

    @Override
    String contextLengthMessage() {
        return "This model's maximum context length is 128000 tokens. However, your messages resulted in 130412 tokens. "
                + "Please reduce the length of the messages.";
    }

    @Override
    void assertPlainRequest(FakeUpstream.Recorded request) {
        assertEquals("Bearer " + KEY, request.header("Authorization"));
        JsonNode body = request.json();
        assertEquals("gpt-4o-mini", body.path("model").asText());
        assertEquals(List.of("system", "user", "assistant", "user"), roles(body.path("messages"), "role"));
        assertEquals("You are terse.", body.path("messages").path(0).path("content").asText());
        assertEquals("What is the capital of France?", body.path("messages").path(3).path("content").asText());
        assertEquals(0.3, body.path("temperature").asDouble());
        assertEquals(50, body.path("max_tokens").asInt());
        assertEquals("END", body.path("stop").path(0).asText());
        assertEquals(0.5, body.path("presence_penalty").asDouble());
        JsonNode function = body.path("tools").path(0).path("function");
        assertEquals("get_weather", function.path("name").asText());
        assertEquals("string", function.path("parameters").path("properties").path("city").path("type").asText());
        assertEquals("fahrenheit", function.path("parameters").path("properties").path("unit").path("enum").path(1).asText());
        assertEquals("city", function.path("parameters").path("required").path(0).asText());
        assertEquals(7, function.path("parameters").path("properties").path("days").path("maximum").asInt(),
                "keywords LangChain4j has no field for still reach the upstream");
        assertEquals("auto", body.path("tool_choice").asText());
        assertTrue(!body.path("stream").asBoolean(false));
    }

    @Override
    void assertToolHistoryRequest(FakeUpstream.Recorded request) {
        JsonNode messages = request.json().path("messages");
        assertEquals(List.of("user", "assistant", "tool", "user"), roles(messages, "role"));
        JsonNode call = messages.path(1).path("tool_calls").path(0);
        assertEquals("call_paris_1", call.path("id").asText());
        assertEquals("get_weather", call.path("function").path("name").asText());
        assertEquals(json("{\"city\":\"Paris\"}"), json(call.path("function").path("arguments").asText()));
        assertEquals("call_paris_1", messages.path(2).path("tool_call_id").asText());
        assertEquals("18 degrees and sunny", messages.path(2).path("content").asText());
        assertEquals("required", request.json().path("tool_choice").asText());
    }

    @Override
    void assertStreamRequest(FakeUpstream.Recorded request) {
        assertEquals(chatPath(), request.path());
        assertTrue(request.json().path("stream").asBoolean());
        assertTrue(request.json().path("stream_options").path("include_usage").asBoolean());
    }
    @Override
    void assertImageRequest(FakeUpstream.Recorded request) {
        JsonNode content = request.json().path("messages").path(0).path("content");
        assertEquals("Describe this.", content.path(0).path("text").asText());
        assertEquals("image_url", content.path(1).path("type").asText());
        assertEquals("data:image/png;base64," + PNG_BASE64, content.path(1).path("image_url").path("url").asText());
        assertEquals("low", content.path(1).path("image_url").path("detail").asText());
    }

    @Override
    void assertJsonSchemaRequest(FakeUpstream.Recorded request) {
        JsonNode format = request.json().path("response_format");
        assertEquals("json_schema", format.path("type").asText());
        assertEquals("city_answer", format.path("json_schema").path("name").asText());
        assertEquals(jsonSchemaRequest().responseFormat().jsonSchema().schema(), format.path("json_schema").path("schema"),
                "the client's schema, exactly");
    }
}
