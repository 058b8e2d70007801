package dev.reprise.models.provider;

import com.fasterxml.jackson.databind.JsonNode;
import dev.reprise.models.catalogue.ProviderKind;
import dev.reprise.testing.FakeUpstream;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Gemini's generateContent wire format, as in ai.google.dev's API reference. */
class GeminiProviderTest extends ProviderContractTest {

    private static final String SSE = "text/event-stream";
    private static final String MODEL = "gemini-2.0-flash";

    @Override
    ProviderKind kind() {
        return ProviderKind.GEMINI;
    }

    @Override
    String model() {
        return MODEL;
    }

    @Override
    String answeringModel() {
        return "gemini-2.0-flash-001";
    }

    @Override
    String basePath() {
        return "/v1beta";
    }

    @Override
    String chatPath() {
        return "/v1beta/models/" + MODEL + ":generateContent";
    }

    @Override
    String upstreamToolCallId() {
        return null;
    }

    @Override
    FakeUpstream.Reply plainAnswer() {
        return FakeUpstream.json(200, """
                {"candidates":[{"content":{"parts":[{"text":"%s"}],"role":"model"},
                                "finishReason":"STOP","avgLogprobs":-0.0123}],
                 "usageMetadata":{"promptTokenCount":21,"candidatesTokenCount":8,"totalTokenCount":29,
                   "promptTokensDetails":[{"modality":"TEXT","tokenCount":21}],
                   "candidatesTokensDetails":[{"modality":"TEXT","tokenCount":8}]},
                 "modelVersion":"gemini-2.0-flash-001","responseId":"hEbHaMuKMZiWz7IP_9uGuQw"}""".formatted(ANSWER),
                Map.of());
    }

    private static final String FUNCTION_CALL = """
            {"candidates":[{"content":{"parts":[{"functionCall":{"name":"get_weather",\
            "args":{"city":"Rome","unit":"celsius"}}}],"role":"model"},"finishReason":"STOP","index":0}],\
            "usageMetadata":{"promptTokenCount":95,"candidatesTokenCount":7,"totalTokenCount":102},\
            "modelVersion":"gemini-2.0-flash-001","responseId":"sEbHaNWzJ8mBz7IPpNCF-Qk"}""";

    @Override
    FakeUpstream.Reply toolCallAnswer() {
        return FakeUpstream.json(200, FUNCTION_CALL, Map.of());
    }

    private static String chunk(String text, boolean last) {
        String usage = last ? "{\"promptTokenCount\":21,\"candidatesTokenCount\":8,\"totalTokenCount\":29}"
                : "{\"promptTokenCount\":21,\"totalTokenCount\":21}";
        return "data: {\"candidates\":[{\"content\":{\"parts\":[{\"text\":\"" + text + "\"}],\"role\":\"model\"}"
                + (last ? ",\"finishReason\":\"STOP\"" : "") + "}],\"usageMetadata\":" + usage
                + ",\"modelVersion\":\"gemini-2.0-flash-001\",\"responseId\":\"mEbHaLiGOL6Pz7IP0pGXqAM\"}\r\n\r\n";
    }

    @Override
    FakeUpstream.Reply streamedAnswer() {
        List<String> events = new ArrayList<>();
        for (int i = 0; i < ANSWER_PIECES.size(); i++) {
            events.add(chunk(ANSWER_PIECES.get(i), i == ANSWER_PIECES.size() - 1));
        }
        return FakeUpstream.stream(SSE, events);
    }

    @Override
    FakeUpstream.Reply streamedToolCall() {
        return FakeUpstream.stream(SSE, List.of("data: " + FUNCTION_CALL + "\r\n\r\n"));
    }

    @Override
    FakeUpstream.Reply endlessStream() {
        return FakeUpstream.endless(SSE, List.of(chunk("The capital", false)), chunk(" and more", false));
    }

    @Override
    boolean passesImageUrls() {
        return false;
    }

    @Override
    String streamContentType() {
        return SSE;
    }

    @Override
    FakeUpstream.Reply stalledStream() {
        return FakeUpstream.stall(SSE, List.of(chunk("The capital", false)));
    }

    @Override
    FakeUpstream.Reply truncatedStream() {
        return FakeUpstream.stream(SSE, List.of(chunk("The capital", false), chunk(" of France", false)));
    }

    @Override
    FakeUpstream.Reply error(int status, String message, Map<String, String> headers) {
        String grpc = switch (status) {
            case 401 -> "UNAUTHENTICATED";
            case 403 -> "PERMISSION_DENIED";
            case 404 -> "NOT_FOUND";
            case 429 -> "RESOURCE_EXHAUSTED";
            case 500 -> "INTERNAL";
            case 503 -> "UNAVAILABLE";
            default -> "INVALID_ARGUMENT";
        };
        return FakeUpstream.json(status, """
                {"error":{"code":%d,"message":"%s","status":"%s"}}""".formatted(status, message, grpc), headers);
    }

    @Override
    String contextLengthMessage() {
        return "The input token count (1290041) exceeds the maximum number of tokens allowed (1048576).";
    }

    @Override
    void assertPlainRequest(FakeUpstream.Recorded request) {
        assertEquals(KEY, request.header("x-goog-api-key"));
        assertNull(request.query(), "the key goes in a header, not the URL");
        JsonNode body = request.json();
        assertEquals("You are terse.", body.path("systemInstruction").path("parts").path(0).path("text").asText());
        assertEquals(List.of("user", "model", "user"), roles(body.path("contents"), "role"));
        assertEquals("What is the capital of France?", body.path("contents").path(2).path("parts").path(0).path("text").asText());
        JsonNode config = body.path("generationConfig");
        assertEquals(0.3, config.path("temperature").asDouble());
        assertEquals(50, config.path("maxOutputTokens").asInt());
        assertEquals("END", config.path("stopSequences").path(0).asText());
        assertEquals(0.5, config.path("presencePenalty").asDouble());
        JsonNode function = body.path("tools").path(0).path("functionDeclarations").path(0);
        assertEquals("get_weather", function.path("name").asText());
        assertTrue(function.toString().contains("city"), function.toString());
        assertEquals("AUTO", body.path("toolConfig").path("functionCallingConfig").path("mode").asText());
    }

    @Override
    void assertToolHistoryRequest(FakeUpstream.Recorded request) {
        JsonNode contents = request.json().path("contents");
        JsonNode call = contents.path(1).path("parts").path(0).path("functionCall");
        assertEquals("model", contents.path(1).path("role").asText());
        assertEquals("get_weather", call.path("name").asText());
        assertEquals("Paris", call.path("args").path("city").asText());
        JsonNode response = contents.path(2).path("parts").path(0).path("functionResponse");
        assertEquals("get_weather", response.path("name").asText(), "Gemini needs the function's name on its result");
        assertTrue(response.path("response").toString().contains("18 degrees and sunny"));
        assertEquals("ANY", request.json().path("toolConfig").path("functionCallingConfig").path("mode").asText());
    }

    @Override
    void assertStreamRequest(FakeUpstream.Recorded request) {
        assertEquals("/v1beta/models/" + MODEL + ":streamGenerateContent", request.path());
        assertEquals("alt=sse", request.query());
    }
    @Override
    void assertImageRequest(FakeUpstream.Recorded request) {
        JsonNode parts = request.json().path("contents").path(0).path("parts");
        assertEquals("Describe this.", parts.path(0).path("text").asText());
        assertEquals("image/png", parts.path(1).path("inlineData").path("mimeType").asText());
        assertEquals(PNG_BASE64, parts.path(1).path("inlineData").path("data").asText());
    }

    @Override
    void assertJsonSchemaRequest(FakeUpstream.Recorded request) {
        JsonNode config = request.json().path("generationConfig");
        assertEquals("application/json", config.path("responseMimeType").asText());
        assertEquals("STRING", config.path("responseSchema").path("properties").path("city").path("type").asText());
        assertEquals("INTEGER", config.path("responseSchema").path("properties").path("population").path("type").asText());
        assertEquals(json("[\"city\",\"population\"]"), config.path("responseSchema").path("required"));
    }
}
