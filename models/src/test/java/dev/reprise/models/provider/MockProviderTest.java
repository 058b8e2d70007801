package dev.reprise.models.provider;

import com.fasterxml.jackson.databind.node.TextNode;
import dev.reprise.models.catalogue.Deployment;
import dev.reprise.models.wire.ChatCompletionRequest;
import dev.reprise.models.wire.ChatCompletionResponse;
import dev.reprise.models.wire.ChatMessage;
import dev.reprise.models.wire.FinishReason;
import dev.reprise.models.wire.ToolCall;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MockProviderTest {

    private final Provider mock = ProviderFactory.create(Deployment.mock("demo", Duration.ZERO));

    private static ChatCompletionRequest ask(String question) {
        return ChatCompletionRequest.of("demo", List.of(ChatMessage.system("Be brief."), ChatMessage.user(question)));
    }

    @Test
    void should_answer_the_same_question_with_the_same_text() {
        String first = mock.chat(ask("What is a semantic cache?")).firstChoice().message().text();
        String again = mock.chat(ask("What is a semantic cache?")).firstChoice().message().text();
        String other = mock.chat(ask("What is HNSW?")).firstChoice().message().text();

        assertEquals(first, again);
        assertNotEquals(first, other);
        assertTrue(first.contains("What is a semantic cache?"), first);
    }

    @Test
    void should_report_usage_and_stop() {
        ChatCompletionResponse response = mock.chat(ask("Hello?"));

        assertTrue(response.usage().promptTokens() > 0);
        assertTrue(response.usage().completionTokens() > 0);
        assertEquals(response.usage().promptTokens() + response.usage().completionTokens(), response.usage().totalTokens());
        assertEquals(FinishReason.STOP, response.firstChoice().finishReason());
        assertEquals("mock-1", response.model());
    }

    @Test
    void should_take_at_least_its_configured_latency() {
        Duration latency = Duration.ofMillis(150);
        Provider slow = ProviderFactory.create(Deployment.mock("slow", latency));

        long start = System.nanoTime();
        slow.chat(ask("Slow?"));

        // A lower bound only: the mock may be slower on a busy machine, never faster.
        assertTrue(Duration.ofNanos(System.nanoTime() - start).compareTo(latency) >= 0);
    }

    @Test
    void should_stream_pieces_that_join_to_the_whole_answer() throws Exception {
        RecordingListener listener = new RecordingListener();

        mock.stream(ask("Stream this, please."), listener);

        ChatCompletionResponse whole = listener.awaitComplete();
        assertTrue(listener.deltas.size() > 1);
        assertEquals(whole.firstChoice().message().text(), listener.text());
        assertEquals(mock.chat(ask("Stream this, please.")).firstChoice().message().text(), listener.text());
    }

    @Test
    void should_call_the_tool_when_a_tool_is_required() {
        ChatCompletionRequest request = new ChatCompletionRequest("demo", List.of(ChatMessage.user("Weather in Rome?")),
                null, null, null, null, null, null, null, null, null, List.of(ProviderContractTest.weatherTool()),
                TextNode.valueOf("required"), null, null, null, null, null, null);

        ChatCompletionResponse response = mock.chat(request);

        assertEquals(FinishReason.TOOL_CALLS, response.firstChoice().finishReason());
        ToolCall call = response.firstChoice().message().toolCalls().get(0);
        assertEquals("get_weather", call.function().name());
        assertEquals("Weather in Rome?", ProviderContractTest.json(call.function().arguments()).path("query").asText());
    }

    @Test
    void should_end_a_cancelled_stream_with_cancelled() throws Exception {
        Provider slow = ProviderFactory.create(Deployment.mock("slow", Duration.ofMillis(200)));
        RecordingListener listener = new RecordingListener();

        slow.stream(ask("Never mind."), listener).cancel();

        assertInstanceOf(ProviderException.Cancelled.class, listener.awaitError());
        assertEquals(0, listener.completions.get());
    }
}
