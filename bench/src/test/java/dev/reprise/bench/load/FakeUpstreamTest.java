package dev.reprise.bench.load;

import dev.reprise.models.wire.ChatCompletionChunk;
import dev.reprise.models.wire.ChatCompletionResponse;
import dev.reprise.models.wire.FinishReason;
import dev.reprise.models.wire.WireJson;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FakeUpstreamTest {

    private static FakeUpstream upstream;
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @BeforeAll
    static void start() {
        upstream = FakeUpstream.start("127.0.0.1", 0);
    }

    @AfterAll
    static void stop() {
        upstream.close();
    }

    @Test
    void should_answer_a_chat_completion_with_openai_json() throws Exception {
        HttpResponse<String> response = post(LoadRun.body("gpt-4o-mini", "hello", false));

        assertEquals(200, response.statusCode());
        assertEquals("application/json", response.headers().firstValue("content-type").orElseThrow());
        ChatCompletionResponse answer = WireJson.mapper().readValue(response.body(), ChatCompletionResponse.class);
        assertEquals(FakeUpstream.ANSWER, answer.firstChoice().message().text());
        assertEquals(FinishReason.STOP, answer.firstChoice().finishReason());
        assertEquals(34, answer.usage().totalTokens());
    }

    @Test
    void should_stream_openai_chunks_that_end_with_done() throws Exception {
        HttpResponse<String> response = post(LoadRun.body("gpt-4o-mini", "hello", true));

        assertEquals("text/event-stream", response.headers().firstValue("content-type").orElseThrow());
        List<String> events = List.of(response.body().split("\n\n"));
        assertEquals("data: [DONE]", events.getLast());
        StringBuilder text = new StringBuilder();
        FinishReason finish = null;
        for (String event : events.subList(0, events.size() - 1)) {
            assertTrue(event.startsWith("data: "), event);
            ChatCompletionChunk chunk = WireJson.mapper().readValue(event.substring(6), ChatCompletionChunk.class);
            var choice = chunk.choices().getFirst();
            if (choice.delta().content() != null) {
                text.append(choice.delta().content());
            }
            if (choice.finishReason() != null) {
                finish = choice.finishReason();
            }
        }
        assertEquals(FakeUpstream.ANSWER, text.toString());
        assertEquals(FinishReason.STOP, finish);
    }

    @Test
    void should_list_its_model() throws Exception {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(upstream.baseUrl() + "/models"))
                .build(), HttpResponse.BodyHandlers.ofString());

        assertEquals(200, response.statusCode());
        assertEquals(FakeUpstream.MODEL, WireJson.mapper().readTree(response.body()).at("/data/0/id").asText());
    }

    private static HttpResponse<String> post(String body) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(upstream.baseUrl() + "/chat/completions"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
