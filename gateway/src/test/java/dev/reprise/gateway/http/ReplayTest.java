package dev.reprise.gateway.http;

import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.http.StreamResponse;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.chat.completions.ChatCompletionStreamOptions;
import dev.reprise.gateway.pipeline.Outcome;
import dev.reprise.gateway.pipeline.RequestContext;
import dev.reprise.gateway.stage.RequestParser;
import dev.reprise.models.wire.ChatCompletionResponse;
import dev.reprise.models.wire.ChatMessage;
import dev.reprise.models.wire.FinishReason;
import dev.reprise.models.wire.Usage;
import io.helidon.webserver.WebServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A whole answer (what a cache hit will be) sent to a {@code stream: true} request must reach the
 * official SDK as a proper stream. Served here by the same responder the chat endpoint uses.
 */
class ReplayTest {

    private static final String CACHED_TEXT = "Paris is the capital of France. It has been since 987.";
    private static final ChatCompletionResponse CACHED = ChatCompletionResponse.of("chatcmpl-cached", 1700000000L,
            "gpt-4o-mini", ChatMessage.assistant(CACHED_TEXT), FinishReason.STOP, Usage.of(20, 14));

    private static WebServer server;
    private static OpenAIClient client;

    @BeforeAll
    static void start() {
        ChatResponder responder = new ChatResponder(new StreamResponder(Duration.ofSeconds(5), System::nanoTime));
        server = WebServer.builder().host("127.0.0.1").port(0)
                .routing(r -> r.addFilter(new RequestIdFilter()).post("/v1/chat/completions", (req, res) -> {
                    RequestContext ctx = new RequestContext("req_replay", name -> Optional.empty(),
                            () -> BodyReader.read(req, 1 << 20));
                    ctx.request(new RequestParser().parse(ctx.body().read()));
                    ctx.responseHeader("x-reprise-cache", "hit");
                    responder.respond(req, res, ctx, new Outcome.Answered(CACHED));
                }))
                .build().start();
        client = OpenAIOkHttpClient.builder().baseUrl("http://127.0.0.1:" + server.port() + "/v1").apiKey("sk-x")
                .maxRetries(0).build();
    }

    @AfterAll
    static void stop() {
        client.close();
        server.stop();
    }

    @Test
    void should_replay_a_whole_answer_as_a_stream_the_sdk_accepts() {
        ChatCompletionCreateParams params = ChatCompletionCreateParams.builder().model("gpt").addUserMessage("capital?")
                .streamOptions(ChatCompletionStreamOptions.builder().includeUsage(true).build()).build();
        List<ChatCompletionChunk> chunks;
        try (StreamResponse<ChatCompletionChunk> stream = client.chat().completions().createStreaming(params)) {
            chunks = stream.stream().toList();
        }
        StringBuilder text = new StringBuilder();
        chunks.forEach(c -> c.choices().forEach(ch -> ch.delta().content().ifPresent(text::append)));
        assertEquals(CACHED_TEXT, text.toString());
        assertEquals(34, chunks.get(chunks.size() - 1).usage().orElseThrow().totalTokens());
        assertEquals(ChatCompletionChunk.Choice.FinishReason.STOP,
                chunks.get(chunks.size() - 2).choices().get(0).finishReason().orElseThrow());
        assertTrue(chunks.stream().allMatch(c -> c.id().equals("chatcmpl-cached")));
    }

    @Test
    void should_send_a_whole_answer_as_json_with_the_stage_headers() {
        var raw = client.chat().completions().withRawResponse().create(
                ChatCompletionCreateParams.builder().model("gpt").addUserMessage("capital?").build());
        assertEquals("hit", raw.headers().values("x-reprise-cache").get(0));
        assertEquals(CACHED_TEXT, raw.parse().choices().get(0).message().content().orElseThrow());
    }
}
