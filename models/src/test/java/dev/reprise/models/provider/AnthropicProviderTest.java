package dev.reprise.models.provider;

import com.fasterxml.jackson.databind.JsonNode;
import dev.reprise.models.catalogue.ProviderKind;
import dev.reprise.testing.FakeUpstream;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Anthropic's Messages API wire format, as in docs.anthropic.com's API reference. */
class AnthropicProviderTest extends ProviderContractTest {

    private static final String SSE = "text/event-stream; charset=utf-8";
    private static final String MODEL = "claude-sonnet-4-20250514";

    @Override
    ProviderKind kind() {
        return ProviderKind.ANTHROPIC;
    }

    @Override
    String model() {
        return MODEL;
    }

    @Override
    String answeringModel() {
        return MODEL;
    }

    @Override
    String basePath() {
        return "/v1";
    }

    @Override
    String chatPath() {
        return "/v1/messages";
    }

    @Override
    String upstreamToolCallId() {
        return "toolu_01A09q90qw90lq917835lq9";
    }

    @Override
    FakeUpstream.Reply plainAnswer() {
        return FakeUpstream.json(200, """
                {"id":"msg_01XFDUDYJgAACzvnptvVoYEL","type":"message","role":"assistant","model":"%s",
                 "content":[{"type":"text","text":"%s"}],
                 "stop_reason":"end_turn","stop_sequence":null,
                 "usage":{"input_tokens":21,"cache_creation_input_tokens":0,"cache_read_input_tokens":0,
                          "output_tokens":8,"service_tier":"standard"}}""".formatted(MODEL, ANSWER), Map.of());
    }

    @Override
    FakeUpstream.Reply toolCallAnswer() {
        return FakeUpstream.json(200, """
                {"id":"msg_01Aq9w938a90dw8q","type":"message","role":"assistant","model":"%s",
                 "content":[{"type":"tool_use","id":"toolu_01A09q90qw90lq917835lq9","name":"get_weather",
                             "input":{"city":"Rome","unit":"celsius"}}],
                 "stop_reason":"tool_use","stop_sequence":null,
                 "usage":{"input_tokens":472,"output_tokens":91}}""".formatted(MODEL), Map.of());
    }

    private static String event(String name, String data) {
        return "event: " + name + "\ndata: " + data + "\n\n";
    }

    private static final String MESSAGE_START = event("message_start", """
            {"type":"message_start","message":{"id":"msg_1nZdL29xx5MUA1yADyHTEsnR8uuvGzszyY","type":"message",\
            "role":"assistant","content":[],"model":"%s","stop_reason":null,"stop_sequence":null,\
            "usage":{"input_tokens":21,"cache_creation_input_tokens":0,"cache_read_input_tokens":0,"output_tokens":1}}}"""
            .formatted(MODEL));
    private static final String TEXT_START = event("content_block_start",
            "{\"type\":\"content_block_start\",\"index\":0,\"content_block\":{\"type\":\"text\",\"text\":\"\"}}");
    private static final String PING = event("ping", "{\"type\": \"ping\"}");
    private static final String BLOCK_STOP = event("content_block_stop", "{\"type\":\"content_block_stop\",\"index\":0}");
    private static final String MESSAGE_STOP = event("message_stop", "{\"type\":\"message_stop\"}");

    private static String textDelta(String text) {
        return event("content_block_delta",
                "{\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"text_delta\",\"text\":\"" + text + "\"}}");
    }

    private static String messageDelta(String stopReason) {
        return event("message_delta", "{\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\"" + stopReason
                + "\",\"stop_sequence\":null},\"usage\":{\"output_tokens\":8}}");
    }

    @Override
    FakeUpstream.Reply streamedAnswer() {
        List<String> events = new ArrayList<>(List.of(MESSAGE_START, TEXT_START, PING));
        ANSWER_PIECES.forEach(p -> events.add(textDelta(p)));
        events.addAll(List.of(BLOCK_STOP, messageDelta("end_turn"), MESSAGE_STOP));
        return FakeUpstream.stream(SSE, events);
    }

    @Override
    FakeUpstream.Reply streamedToolCall() {
        return FakeUpstream.stream(SSE, List.of(
                MESSAGE_START,
                event("content_block_start", "{\"type\":\"content_block_start\",\"index\":0,\"content_block\":"
                        + "{\"type\":\"tool_use\",\"id\":\"toolu_01A09q90qw90lq917835lq9\",\"name\":\"get_weather\",\"input\":{}}}"),
                event("content_block_delta", "{\"type\":\"content_block_delta\",\"index\":0,"
                        + "\"delta\":{\"type\":\"input_json_delta\",\"partial_json\":\"\"}}"),
                event("content_block_delta", "{\"type\":\"content_block_delta\",\"index\":0,"
                        + "\"delta\":{\"type\":\"input_json_delta\",\"partial_json\":\"{\\\"city\\\": \\\"Rome\\\"\"}}"),
                event("content_block_delta", "{\"type\":\"content_block_delta\",\"index\":0,"
                        + "\"delta\":{\"type\":\"input_json_delta\",\"partial_json\":\", \\\"unit\\\": \\\"celsius\\\"}\"}}"),
                BLOCK_STOP,
                messageDelta("tool_use"),
                MESSAGE_STOP));
    }

    @Override
    FakeUpstream.Reply endlessStream() {
        return FakeUpstream.endless(SSE, List.of(MESSAGE_START, TEXT_START, textDelta("The capital")), textDelta(" and more"));
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
        return FakeUpstream.stall(SSE, List.of(MESSAGE_START, TEXT_START, textDelta("The capital")));
    }

    @Override
    FakeUpstream.Reply truncatedStream() {
        return FakeUpstream.stream(SSE, List.of(MESSAGE_START, TEXT_START, textDelta("The capital")));
    }

    @Override
    FakeUpstream.Reply error(int status, String message, Map<String, String> headers) {
        String type = switch (status) {
            case 401 -> "authentication_error";
            case 403 -> "permission_error";
            case 404 -> "not_found_error";
            case 429 -> "rate_limit_error";
            case 500 -> "api_error";
            case 503, 529 -> "overloaded_error";
            default -> "invalid_request_error";
        };
        return FakeUpstream.json(status, """
                {"type":"error","error":{"type":"%s","message":"%s"},"request_id":"req_011CSHoEeqs5C35K2UUqR7Fy"}"""
                .formatted(type, message), headers);
    }

    @Override
    String contextLengthMessage() {
        return "prompt is too long: 208310 tokens > 200000 maximum";
    }

    @Test
    void should_turn_a_mid_stream_error_event_into_a_typed_error() throws Exception {
        upstream.answer(FakeUpstream.stream(SSE, List.of(MESSAGE_START, TEXT_START, textDelta("The capital"),
                event("error", "{\"type\":\"error\",\"error\":{\"type\":\"overloaded_error\",\"message\":\"Overloaded\"}}"))));
        RecordingListener listener = new RecordingListener();

        provider.stream(simpleRequest(), listener);

        ProviderException e = listener.awaitError();
        assertEquals(ProviderException.ServerError.class, e.getClass());
        assertEquals(529, e.upstreamStatus());
    }

    @Override
    void assertPlainRequest(FakeUpstream.Recorded request) {
        assertEquals(KEY, request.header("x-api-key"));
        assertNotNull(request.header("anthropic-version"));
        assertEquals(null, request.header("Authorization"));
        JsonNode body = request.json();
        assertEquals(MODEL, body.path("model").asText());
        assertTrue(body.path("system").toString().contains("You are terse."), body.path("system").toString());
        assertEquals(List.of("user", "assistant", "user"), roles(body.path("messages"), "role"));
        assertTrue(body.path("messages").path(2).toString().contains("What is the capital of France?"));
        assertEquals(0.3, body.path("temperature").asDouble());
        assertEquals(50, body.path("max_tokens").asInt());
        assertEquals("END", body.path("stop_sequences").path(0).asText());
        assertFalse(body.has("presence_penalty"), "Anthropic has no penalties: dropped");
        JsonNode tool = body.path("tools").path(0);
        assertEquals("get_weather", tool.path("name").asText());
        assertEquals("string", tool.path("input_schema").path("properties").path("city").path("type").asText());
        assertEquals("city", tool.path("input_schema").path("required").path(0).asText());
        assertEquals(7, tool.path("input_schema").path("properties").path("days").path("maximum").asInt(),
                "keywords LangChain4j has no field for still reach the upstream");
        assertEquals("auto", body.path("tool_choice").path("type").asText());
    }

    @Override
    void assertToolHistoryRequest(FakeUpstream.Recorded request) {
        JsonNode messages = request.json().path("messages");
        JsonNode toolUse = messages.path(1).path("content").path(0);
        assertEquals("assistant", messages.path(1).path("role").asText());
        assertEquals("tool_use", toolUse.path("type").asText());
        assertEquals("call_paris_1", toolUse.path("id").asText());
        assertEquals("get_weather", toolUse.path("name").asText());
        assertEquals("Paris", toolUse.path("input").path("city").asText());
        JsonNode result = messages.path(2).path("content").path(0);
        assertEquals("user", messages.path(2).path("role").asText());
        assertEquals("tool_result", result.path("type").asText());
        assertEquals("call_paris_1", result.path("tool_use_id").asText());
        assertTrue(result.path("content").toString().contains("18 degrees and sunny"));
        assertEquals("any", request.json().path("tool_choice").path("type").asText());
    }

    @Override
    void assertStreamRequest(FakeUpstream.Recorded request) {
        assertEquals(chatPath(), request.path());
        assertTrue(request.json().path("stream").asBoolean());
    }
    @Override
    void assertImageRequest(FakeUpstream.Recorded request) {
        JsonNode content = request.json().path("messages").path(0).path("content");
        assertEquals("Describe this.", content.path(0).path("text").asText());
        JsonNode source = content.path(1).path("source");
        assertEquals("image", content.path(1).path("type").asText());
        assertEquals("base64", source.path("type").asText());
        assertEquals("image/png", source.path("media_type").asText());
        assertEquals(PNG_BASE64, source.path("data").asText());
    }

    @Override
    void assertJsonSchemaRequest(FakeUpstream.Recorded request) {
        JsonNode format = request.json().path("output_config").path("format");
        assertEquals("json_schema", format.path("type").asText());
        assertEquals(jsonSchemaRequest().responseFormat().jsonSchema().schema(), format.path("schema"),
                "the client's schema, exactly");
    }
}
