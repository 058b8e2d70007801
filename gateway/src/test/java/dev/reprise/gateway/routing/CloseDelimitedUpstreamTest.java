package dev.reprise.gateway.routing;

import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.http.StreamResponse;
import com.openai.errors.InternalServerException;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import dev.reprise.gateway.GatewayFixture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The official OpenAI SDK through the real gateway to an upstream whose answers end when it closes the
 * connection (HTTP/1.1 with neither Content-Length nor chunks): each request is one upstream call.
 */
class CloseDelimitedUpstreamTest {

    private ScriptedUpstream upstream;
    private GatewayFixture fixture;
    private OpenAIClient client;

    @BeforeEach
    void start() throws IOException {
        upstream = new ScriptedUpstream().always(ScriptedUpstream.answerUntilClose("Hello there"));
        fixture = GatewayFixture.start("""
                models:
                  - name: gpt
                    provider: openai
                    model: gpt-4o-mini
                    base-url: %s
                    api-key: sk-up
                    timeout: 5s
                """.formatted(upstream.baseUrl()));
        client = OpenAIOkHttpClient.builder()
                .baseUrl("http://127.0.0.1:" + fixture.port() + "/v1")
                .apiKey("sk-anything")
                .maxRetries(0)
                .build();
    }

    @AfterEach
    void stop() throws IOException {
        client.close();
        fixture.close();
        upstream.close();
    }

    private static ChatCompletionCreateParams ask() {
        return ChatCompletionCreateParams.builder().model("gpt").addUserMessage("Say hello").build();
    }

    @Test
    void should_answer_once_from_an_upstream_that_closes_the_connection_to_end_its_answer() {
        ChatCompletion completion = client.chat().completions().create(ask());

        assertEquals("Hello there", completion.choices().get(0).message().content().orElseThrow());
        assertEquals(ChatCompletion.Choice.FinishReason.STOP, completion.choices().get(0).finishReason());
        assertEquals(1, upstream.calls());
    }

    @Test
    void should_stream_to_the_end_without_an_error_from_an_upstream_that_closes_the_connection() {
        List<ChatCompletionChunk> chunks;
        try (StreamResponse<ChatCompletionChunk> stream = client.chat().completions().createStreaming(ask())) {
            chunks = stream.stream().toList();
        }

        StringBuilder text = new StringBuilder();
        chunks.forEach(c -> c.choices().forEach(ch -> ch.delta().content().ifPresent(text::append)));
        assertEquals("Hello there", text.toString());
        assertTrue(chunks.stream().anyMatch(c -> c.choices().stream().anyMatch(ch -> ch.finishReason()
                .filter(ChatCompletionChunk.Choice.FinishReason.STOP::equals).isPresent())), "a stop chunk came");
        assertEquals(1, upstream.calls());
    }

    @Test
    void should_report_an_answer_cut_short_after_one_call() {
        upstream.always(ScriptedUpstream.cutUntilClose("Hello there"));

        InternalServerException e = assertThrows(InternalServerException.class,
                () -> client.chat().completions().create(ask()));

        assertEquals(502, e.statusCode());
        assertEquals(1, upstream.calls(), "the cut answer was not sent for again");
    }
}
