package dev.reprise.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FakeUpstreamTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private FakeUpstream upstream;

    @BeforeEach
    void start() throws IOException {
        upstream = new FakeUpstream();
    }

    @AfterEach
    void stop() {
        upstream.close();
        client.close();
    }

    private HttpResponse<String> post(String path, String body) throws IOException, InterruptedException {
        return client.send(HttpRequest.newBuilder(URI.create(upstream.baseUrl() + path))
                .timeout(Duration.ofSeconds(10))
                .header("Authorization", "Bearer sk-up")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void should_record_each_request_and_answer_as_scripted() throws Exception {
        upstream.answer(FakeUpstream.json(201, "{\"ok\":true}", Map.of("X-Scripted", "yes")));

        HttpResponse<String> res = post("/v1/chat/completions?x=1", "{\"model\":\"m\"}");

        assertEquals(201, res.statusCode());
        assertEquals("{\"ok\":true}", res.body());
        assertEquals("yes", res.headers().firstValue("x-scripted").orElseThrow());
        assertTrue(upstream.awaitRequest(Duration.ofSeconds(1)));
        FakeUpstream.Recorded seen = upstream.lastRequest();
        assertEquals("POST", seen.method());
        assertEquals("/v1/chat/completions", seen.path());
        assertEquals("x=1", seen.query());
        assertEquals("Bearer sk-up", seen.header("authorization"));
        assertEquals("m", seen.json().get("model").asText());
        assertEquals(1, upstream.requests().size());
    }

    @Test
    void should_answer_500_until_a_reply_is_scripted() throws Exception {
        assertEquals(500, post("/", "{}").statusCode());
    }

    @Test
    void should_pick_each_reply_by_the_request() throws Exception {
        upstream.answerEach(request -> request.json().path("stream").asBoolean()
                ? OpenAiReplies.stream("a") : OpenAiReplies.completion("whole"));

        assertEquals("whole", JSON.readTree(post("/", "{\"stream\":false}").body())
                .at("/choices/0/message/content").asText());
        assertTrue(post("/", "{\"stream\":true}").body().startsWith("data: "));
    }

    @Test
    void should_stream_openai_chunks_with_one_completion_token_a_piece() throws Exception {
        upstream.answer(OpenAiReplies.stream("Hel", "lo"));

        HttpResponse<String> res = post("/", "{}");

        assertEquals("text/event-stream", res.headers().firstValue("content-type").orElseThrow());
        List<String> events = events(res.body());
        StringBuilder text = new StringBuilder();
        for (String e : events.subList(0, events.size() - 1)) {
            JSON.readTree(e).path("choices").forEach(c -> text.append(c.at("/delta/content").asText("")));
        }
        assertEquals("Hello", text.toString());
        assertEquals("[DONE]", events.getLast());
        JsonNode usage = JSON.readTree(events.get(events.size() - 2)).get("usage");
        assertEquals(11, usage.get("prompt_tokens").asInt());
        assertEquals(2, usage.get("completion_tokens").asInt());
    }

    @Test
    void should_answer_with_the_given_usage_and_text_that_holds_quotes() throws Exception {
        upstream.answer(OpenAiReplies.completion("{\"same_answer\": true}", 1000, 500));

        JsonNode answer = JSON.readTree(post("/", "{}").body());

        assertEquals("{\"same_answer\": true}", answer.at("/choices/0/message/content").asText());
        assertEquals(1500, answer.at("/usage/total_tokens").asInt());
    }

    @Test
    void should_leave_the_usage_chunk_out_when_asked() throws Exception {
        upstream.answer(OpenAiReplies.streamWithoutUsage("Hel", "lo"));
        assertFalse(post("/", "{}").body().contains("usage"));
    }

    @Test
    void should_give_an_error_the_type_openai_gives_its_status() throws Exception {
        upstream.answer(OpenAiReplies.error(429, "slow down", Map.of("Retry-After", "7")));

        HttpResponse<String> res = post("/", "{}");

        assertEquals(429, res.statusCode());
        assertEquals("7", res.headers().firstValue("retry-after").orElseThrow());
        JsonNode error = JSON.readTree(res.body()).get("error");
        assertEquals("slow down", error.get("message").asText());
        assertEquals("rate_limit_error", error.get("type").asText());
    }

    @Test
    void should_give_a_port_that_refuses_connections() throws Exception {
        URI nowhere = URI.create("http://127.0.0.1:" + FakeUpstream.closedPort() + "/");
        assertThrows(ConnectException.class, () -> client.send(HttpRequest.newBuilder(nowhere).build(),
                HttpResponse.BodyHandlers.discarding()));
    }

    @Test
    void should_keep_the_closed_port_from_any_server_that_would_take_it() {
        assertEquals(FakeUpstream.closedPort(), FakeUpstream.closedPort());
        assertThrows(java.net.BindException.class, () -> new java.net.ServerSocket(FakeUpstream.closedPort(), 1,
                java.net.InetAddress.getLoopbackAddress()).close());
    }

    private static List<String> events(String body) {
        List<String> data = new ArrayList<>();
        for (String line : body.split("\n")) {
            if (line.startsWith("data: ")) {
                data.add(line.substring(6));
            }
        }
        return data;
    }
}
