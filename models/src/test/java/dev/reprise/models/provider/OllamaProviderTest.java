package dev.reprise.models.provider;

import com.fasterxml.jackson.databind.JsonNode;
import dev.reprise.models.catalogue.ProviderKind;
import dev.reprise.testing.FakeUpstream;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Ollama's native /api/chat wire format (newline-delimited JSON when streaming), as in its API docs. */
class OllamaProviderTest extends ProviderContractTest {

    private static final String NDJSON = "application/x-ndjson";
    private static final String MODEL = "llama3.2";

    @Override
    ProviderKind kind() {
        return ProviderKind.OLLAMA;
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
        return "";
    }

    @Override
    String chatPath() {
        return "/api/chat";
    }

    @Override
    String upstreamToolCallId() {
        return null;
    }

    private static String done(String content, String extra) {
        return "{\"model\":\"llama3.2\",\"created_at\":\"2025-06-12T14:13:43.416799Z\",\"message\":{\"role\":\"assistant\","
                + "\"content\":\"" + content + "\"" + extra + "},\"done_reason\":\"stop\",\"done\":true,"
                + "\"total_duration\":5191566416,\"load_duration\":2154458,\"prompt_eval_count\":21,"
                + "\"prompt_eval_duration\":383809000,\"eval_count\":8,\"eval_duration\":4799921000}";
    }

    private static String piece(String content) {
        return "{\"model\":\"llama3.2\",\"created_at\":\"2025-06-12T14:13:43.1Z\",\"message\":{\"role\":\"assistant\","
                + "\"content\":\"" + content + "\"},\"done\":false}\n";
    }

    private static final String TOOL_CALLS = ",\"tool_calls\":[{\"function\":{\"index\":0,\"name\":\"get_weather\","
            + "\"arguments\":{\"city\":\"Rome\",\"unit\":\"celsius\"}}}]";

    @Override
    FakeUpstream.Reply plainAnswer() {
        return FakeUpstream.json(200, done(ANSWER, ""), Map.of());
    }

    @Override
    FakeUpstream.Reply toolCallAnswer() {
        return FakeUpstream.json(200, done("", TOOL_CALLS), Map.of());
    }

    @Override
    FakeUpstream.Reply streamedAnswer() {
        List<String> lines = new ArrayList<>();
        ANSWER_PIECES.forEach(p -> lines.add(piece(p)));
        lines.add(done("", "") + "\n");
        return FakeUpstream.stream(NDJSON, lines);
    }

    @Override
    FakeUpstream.Reply streamedToolCall() {
        return FakeUpstream.stream(NDJSON, List.of(
                "{\"model\":\"llama3.2\",\"created_at\":\"2025-06-12T14:13:43.1Z\",\"message\":{\"role\":\"assistant\","
                        + "\"content\":\"\"" + TOOL_CALLS + "},\"done\":false}\n",
                done("", "") + "\n"));
    }

    @Override
    FakeUpstream.Reply endlessStream() {
        return FakeUpstream.endless(NDJSON, List.of(piece("The capital")), piece(" and more"));
    }

    @Override
    boolean passesImageUrls() {
        return false;
    }

    @Override
    String streamContentType() {
        return NDJSON;
    }

    @Override
    FakeUpstream.Reply stalledStream() {
        return FakeUpstream.stall(NDJSON, List.of(piece("The capital")));
    }

    @Override
    FakeUpstream.Reply truncatedStream() {
        return FakeUpstream.stream(NDJSON, List.of(piece("The capital"), piece(" of France")));
    }

    @Override
    FakeUpstream.Reply error(int status, String message, Map<String, String> headers) {
        return FakeUpstream.json(status, "{\"error\":\"" + message + "\"}", headers);
    }

    @Override
    String contextLengthMessage() {
        return null; // Ollama truncates the prompt instead of refusing it
    }

    @Override
    void assertPlainRequest(FakeUpstream.Recorded request) {
        assertNull(request.header("Authorization"), "Ollama takes no key: none is sent");
        JsonNode body = request.json();
        assertEquals(MODEL, body.path("model").asText());
        assertEquals(List.of("system", "user", "assistant", "user"), roles(body.path("messages"), "role"));
        assertEquals("What is the capital of France?", body.path("messages").path(3).path("content").asText());
        JsonNode options = body.path("options");
        assertEquals(0.3, options.path("temperature").asDouble());
        assertEquals(50, options.path("num_predict").asInt());
        assertEquals("END", options.path("stop").path(0).asText());
        assertFalse(body.toString().contains("presence"), "Ollama has no penalties: dropped");
        assertEquals("get_weather", body.path("tools").path(0).path("function").path("name").asText());
        assertEquals(7, body.path("tools").path(0).path("function").path("parameters").path("properties").path("days").path("maximum").asInt(),
                "keywords LangChain4j has no field for still reach the upstream");
        assertFalse(body.path("stream").asBoolean(true));
    }

    @Override
    void assertToolHistoryRequest(FakeUpstream.Recorded request) {
        JsonNode messages = request.json().path("messages");
        assertEquals(List.of("user", "assistant", "tool", "user"), roles(messages, "role"));
        JsonNode call = messages.path(1).path("tool_calls").path(0).path("function");
        assertEquals("get_weather", call.path("name").asText());
        assertEquals("Paris", call.path("arguments").path("city").asText());
        assertEquals("18 degrees and sunny", messages.path(2).path("content").asText());
        assertEquals("get_weather", request.json().path("tools").path(0).path("function").path("name").asText(),
                "tool_choice required still offers the tools");
    }

    @Override
    void assertStreamRequest(FakeUpstream.Recorded request) {
        assertEquals(chatPath(), request.path());
        assertTrue(request.json().path("stream").asBoolean());
    }
    @Override
    void assertImageRequest(FakeUpstream.Recorded request) {
        JsonNode message = request.json().path("messages").path(0);
        assertEquals("Describe this.", message.path("content").asText());
        assertEquals(PNG_BASE64, message.path("images").path(0).asText());
    }

    @Override
    void assertJsonSchemaRequest(FakeUpstream.Recorded request) {
        assertEquals(jsonSchemaRequest().responseFormat().jsonSchema().schema(), request.json().path("format"),
                "the client's schema, exactly");
    }
}
