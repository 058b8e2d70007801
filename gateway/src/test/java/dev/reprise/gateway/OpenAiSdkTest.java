package dev.reprise.gateway;

import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.http.StreamResponse;
import com.openai.errors.BadRequestException;
import com.openai.errors.NotFoundException;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.chat.completions.ChatCompletionStreamOptions;
import com.openai.models.models.Model;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The official OpenAI Java SDK, unmodified, against the real gateway and its mock alias. */
class OpenAiSdkTest {

    private static GatewayFixture fixture;
    private static OpenAIClient client;

    @BeforeAll
    static void start() {
        fixture = GatewayFixture.start(GatewayFixture.MOCK_ONLY);
        client = OpenAIOkHttpClient.builder()
                .baseUrl("http://127.0.0.1:" + fixture.port() + "/v1")
                .apiKey("sk-anything")
                .maxRetries(0)
                .build();
    }

    @AfterAll
    static void stop() {
        client.close();
        fixture.close();
    }

    private static ChatCompletionCreateParams.Builder ask(String text) {
        return ChatCompletionCreateParams.builder().model("mock").addUserMessage(text);
    }

    @Test
    void should_answer_a_plain_completion() {
        ChatCompletion completion = client.chat().completions().create(ask("What is a semantic cache?").build());

        assertEquals(1, completion.choices().size());
        String text = completion.choices().get(0).message().content().orElseThrow();
        assertTrue(text.contains("What is a semantic cache?"), text);
        assertEquals(ChatCompletion.Choice.FinishReason.STOP, completion.choices().get(0).finishReason());
        assertEquals("mock-1", completion.model());
        assertTrue(completion.usage().orElseThrow().promptTokens() > 0);
        assertTrue(completion.usage().orElseThrow().completionTokens() > 0);
    }

    @Test
    void should_stream_the_same_text_with_usage_in_the_last_chunk() {
        String expected = client.chat().completions().create(ask("Stream me a reply").build())
                .choices().get(0).message().content().orElseThrow();

        List<ChatCompletionChunk> chunks;
        ChatCompletionCreateParams params = ask("Stream me a reply")
                .streamOptions(ChatCompletionStreamOptions.builder().includeUsage(true).build())
                .build();
        try (StreamResponse<ChatCompletionChunk> stream = client.chat().completions().createStreaming(params)) {
            chunks = stream.stream().toList();
        }

        StringBuilder text = new StringBuilder();
        chunks.forEach(c -> c.choices().forEach(ch -> ch.delta().content().ifPresent(text::append)));
        assertEquals(expected, text.toString());
        assertTrue(chunks.size() > 3, "a stream, not one blob: " + chunks.size());
        assertEquals(ChatCompletionChunk.Choice.Delta.Role.ASSISTANT,
                chunks.get(0).choices().get(0).delta().role().orElseThrow());

        ChatCompletionChunk last = chunks.get(chunks.size() - 1);
        assertTrue(last.choices().isEmpty());
        assertTrue(last.usage().orElseThrow().totalTokens() > 0);
        ChatCompletionChunk finish = chunks.get(chunks.size() - 2);
        assertEquals(ChatCompletionChunk.Choice.FinishReason.STOP,
                finish.choices().get(0).finishReason().orElseThrow());
        // Every chunk of one answer shares its id.
        assertEquals(1, chunks.stream().map(ChatCompletionChunk::id).distinct().count());
    }

    @Test
    void should_leave_usage_out_of_a_stream_that_did_not_ask_for_it() {
        List<ChatCompletionChunk> chunks;
        try (StreamResponse<ChatCompletionChunk> stream =
                     client.chat().completions().createStreaming(ask("no usage please").build())) {
            chunks = stream.stream().toList();
        }
        assertTrue(chunks.stream().noneMatch(c -> c.usage().isPresent()));
        assertFalse(chunks.get(chunks.size() - 1).choices().isEmpty());
    }

    @Test
    void should_raise_not_found_for_an_unknown_model() {
        NotFoundException e = assertThrows(NotFoundException.class, () ->
                client.chat().completions().create(ChatCompletionCreateParams.builder()
                        .model("no-such-model").addUserMessage("hi").build()));
        assertEquals(404, e.statusCode());
        assertEquals("model_not_found", e.code().orElseThrow());
    }

    @Test
    void should_raise_bad_request_for_n_greater_than_one() {
        BadRequestException e = assertThrows(BadRequestException.class, () ->
                client.chat().completions().create(ask("twice").n(2).build()));
        assertEquals("n", e.param().orElseThrow());
    }

    @Test
    void should_list_the_configured_aliases() {
        List<String> ids = client.models().list().data().stream().map(Model::id).toList();
        assertEquals(List.of("mock"), ids);
    }
}
