package dev.reprise.models.provider;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.reprise.models.catalogue.Deployment;
import dev.reprise.models.catalogue.ProviderKind;
import dev.reprise.models.catalogue.Secret;
import dev.reprise.models.wire.ChatCompletionRequest;
import dev.reprise.models.wire.ChatCompletionResponse;
import dev.reprise.models.wire.ChatMessage;
import dev.reprise.models.wire.ContentPart;
import dev.reprise.models.wire.FinishReason;
import dev.reprise.models.wire.MessageContent;
import dev.reprise.models.wire.ResponseFormat;
import dev.reprise.models.wire.Role;
import dev.reprise.models.wire.ToolCall;
import dev.reprise.models.wire.ToolDefinition;
import dev.reprise.models.wire.WireJson;
import dev.reprise.testing.FakeUpstream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * What every LangChain4j-backed provider must do, checked against a fake upstream that speaks the
 * provider's real wire format over real HTTP. Each provider's test supplies the wire bodies and the
 * checks on what was sent.
 */
abstract class ProviderContractTest {

    static final String KEY = "sk-test-NEVER-SHOW-4f9a8b7c6d5e4f3a";
    static final String ANSWER = "The capital of France is Paris.";
    static final List<String> ANSWER_PIECES = List.of("The capital", " of France", " is Paris.");
    static final long PROMPT_TOKENS = 21;
    static final long COMPLETION_TOKENS = 8;
    /** A 1x1 PNG. */
    static final String PNG_BASE64 =
            "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==";
    static final String TOOL_ARGUMENTS = "{\"city\":\"Rome\",\"unit\":\"celsius\"}";

    FakeUpstream upstream;
    Provider provider;

    // ---- what each provider supplies ----

    abstract ProviderKind kind();

    /** The model the deployment asks for. */
    abstract String model();

    /** What the deployment's base URL adds to the fake's address, e.g. {@code /v1}. */
    abstract String basePath();

    abstract String chatPath();

    abstract FakeUpstream.Reply plainAnswer();

    /** A call of get_weather with {@link #TOOL_ARGUMENTS}. */
    abstract FakeUpstream.Reply toolCallAnswer();

    /** {@link #ANSWER_PIECES} as the provider streams them, with the final event and usage. */
    abstract FakeUpstream.Reply streamedAnswer();

    abstract FakeUpstream.Reply streamedToolCall();

    /** The first piece, then more text forever. */
    abstract FakeUpstream.Reply endlessStream();

    /** The content type of the provider's streams. */
    abstract String streamContentType();

    /** The first piece, then silence. */
    abstract FakeUpstream.Reply stalledStream();

    /** Some pieces, then the body ends without the provider's final event. */
    abstract FakeUpstream.Reply truncatedStream();

    /** The provider's error body for {@code status} with {@code message}, with extra headers. */
    abstract FakeUpstream.Reply error(int status, String message, Map<String, String> headers);

    /** The upstream's message for a prompt that does not fit, or null when it has none. */
    abstract String contextLengthMessage();

    /** The model the fake says answered (often a dated version of {@link #model()}). */
    abstract String answeringModel();

    /** The id the fake gave the tool call, or null when the upstream gives none. */
    abstract String upstreamToolCallId();

    abstract void assertPlainRequest(FakeUpstream.Recorded request);

    abstract void assertToolHistoryRequest(FakeUpstream.Recorded request);

    abstract void assertStreamRequest(FakeUpstream.Recorded request);

    /** The user message carries the text "Describe this." and the PNG {@link #PNG_BASE64}. */
    abstract void assertImageRequest(FakeUpstream.Recorded request);

    /** The upstream was asked for JSON following the {@code city_answer} schema. */
    abstract void assertJsonSchemaRequest(FakeUpstream.Recorded request);

    // ---- set-up ----

    @BeforeEach
    void startUpstream() throws Exception {
        upstream = new FakeUpstream();
        // A bound on a starved machine, not a timing under test: tests of the timeout set their own.
        provider = ProviderFactory.create(deployment(upstream.baseUrl() + basePath(), Duration.ofSeconds(30)));
    }

    @AfterEach
    void stopUpstream() {
        if (provider != null) {
            provider.close();
        }
        upstream.close();
    }

    Deployment deployment(String baseUrl, Duration timeout) {
        return new Deployment("contract", kind(), model(), baseUrl, Secret.of(KEY), timeout, null, null);
    }

    static ToolDefinition weatherTool() {
        JsonNode parameters = json("""
                {"type":"object",
                 "properties":{"city":{"type":"string","description":"City name"},
                               "unit":{"type":"string","enum":["celsius","fahrenheit"]},
                               "days":{"type":"integer","minimum":1,"maximum":7}},
                 "required":["city"]}""");
        return new ToolDefinition("function", new ToolDefinition.Function("get_weather", "Current weather in a city",
                parameters, null));
    }

    static ChatCompletionRequest plainRequest() {
        return new ChatCompletionRequest("contract", List.of(
                ChatMessage.system("You are terse."),
                ChatMessage.user("Hi"),
                ChatMessage.assistant("Hello."),
                ChatMessage.user("What is the capital of France?")),
                0.3, null, 50, null, List.of("END"), null, 0.5, null, null,
                List.of(weatherTool()), TextNode.valueOf("auto"), null, null, null, null, null, null);
    }

    static ChatCompletionRequest toolHistoryRequest() {
        return new ChatCompletionRequest("contract", List.of(
                ChatMessage.user("Weather in Paris?"),
                ChatMessage.assistant(null, List.of(ToolCall.function("call_paris_1", "get_weather", "{\"city\":\"Paris\"}"))),
                ChatMessage.tool("call_paris_1", "18 degrees and sunny"),
                ChatMessage.user("And in Rome?")),
                null, null, null, null, null, null, null, null, null,
                List.of(weatherTool()), TextNode.valueOf("required"), null, null, null, null, null, null);
    }

    static ChatCompletionRequest imageRequest() {
        ChatMessage user = new ChatMessage(Role.USER, MessageContent.of(List.of(
                ContentPart.text("Describe this."),
                ContentPart.image("data:image/png;base64," + PNG_BASE64, "low"))), null, null, null, null);
        return ChatCompletionRequest.of("contract", List.of(user));
    }

    static ChatCompletionRequest jsonSchemaRequest() {
        ResponseFormat format = new ResponseFormat(ResponseFormat.JSON_SCHEMA, new ResponseFormat.JsonSchema(
                "city_answer", null, json("""
                        {"type":"object",
                         "properties":{"city":{"type":"string"},"population":{"type":"integer"}},
                         "required":["city","population"],"additionalProperties":false}"""), true));
        return new ChatCompletionRequest("contract", List.of(ChatMessage.user("Biggest city in France?")),
                null, null, null, null, null, null, null, null, format, null, null, null, null, null, null, null, null);
    }

    static ChatCompletionRequest simpleRequest() {
        return ChatCompletionRequest.of("contract", List.of(ChatMessage.user("What is the capital of France?")));
    }

    static JsonNode json(String text) {
        try {
            return WireJson.mapper().readTree(text);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    // ---- the contract ----

    @Test
    void should_translate_a_plain_request_and_its_answer() {
        upstream.answer(plainAnswer());

        ChatCompletionResponse response = provider.chat(plainRequest());

        assertEquals(ANSWER, response.firstChoice().message().text());
        assertEquals(FinishReason.STOP, response.firstChoice().finishReason());
        assertNull(response.firstChoice().message().toolCalls());
        assertEquals(PROMPT_TOKENS, response.usage().promptTokens());
        assertEquals(COMPLETION_TOKENS, response.usage().completionTokens());
        assertEquals(PROMPT_TOKENS + COMPLETION_TOKENS, response.usage().totalTokens());
        assertEquals(answeringModel(), response.model());
        assertNotNull(response.id());
        FakeUpstream.Recorded sent = upstream.lastRequest();
        assertEquals("POST", sent.method());
        assertEquals(chatPath(), sent.path());
        assertPlainRequest(sent);
    }

    @Test
    void should_translate_tool_call_history_and_a_tool_call_answer() {
        upstream.answer(toolCallAnswer());

        ChatCompletionResponse response = provider.chat(toolHistoryRequest());

        assertEquals(FinishReason.TOOL_CALLS, response.firstChoice().finishReason());
        List<ToolCall> calls = response.firstChoice().message().toolCalls();
        assertEquals(1, calls.size());
        ToolCall call = calls.get(0);
        assertEquals("function", call.type());
        assertEquals("get_weather", call.function().name());
        assertEquals(json(TOOL_ARGUMENTS), json(call.function().arguments()));
        assertToolCallId(call.id());
        assertToolHistoryRequest(upstream.lastRequest());
    }

    @Test
    void should_assemble_a_streamed_answer() throws Exception {
        upstream.answer(streamedAnswer());
        RecordingListener listener = new RecordingListener();

        provider.stream(plainRequest(), listener);

        ChatCompletionResponse response = listener.awaitComplete();
        assertEquals(ANSWER, listener.text());
        assertTrue(listener.deltas.size() >= 2, "the answer arrives in pieces, got " + listener.deltas.size());
        assertEquals(ANSWER, response.firstChoice().message().text());
        assertEquals(FinishReason.STOP, response.firstChoice().finishReason());
        assertEquals(PROMPT_TOKENS, response.usage().promptTokens());
        assertEquals(COMPLETION_TOKENS, response.usage().completionTokens());
        assertStreamRequest(upstream.lastRequest());
    }

    @Test
    void should_stream_a_tool_call_as_fragments_that_match_the_final_answer() throws Exception {
        upstream.answer(streamedToolCall());
        RecordingListener listener = new RecordingListener();

        provider.stream(toolHistoryRequest(), listener);

        ChatCompletionResponse response = listener.awaitComplete();
        List<StreamDelta.ToolCallFragment> fragments = listener.toolFragments();
        assertFalse(fragments.isEmpty(), "tool-call fragments were streamed");
        StreamDelta.ToolCallFragment first = fragments.get(0);
        assertEquals(0, first.index());
        assertNotNull(first.id());
        assertEquals("get_weather", first.name());
        fragments.stream().skip(1).forEach(f -> assertNull(f.id(), "only the first fragment carries the id"));
        String arguments = fragments.stream().map(StreamDelta.ToolCallFragment::argumentsPart).collect(Collectors.joining());
        assertEquals(json(TOOL_ARGUMENTS), json(arguments));

        assertEquals(FinishReason.TOOL_CALLS, response.firstChoice().finishReason());
        ToolCall call = response.firstChoice().message().toolCalls().get(0);
        assertEquals(first.id(), call.id(), "the final answer repeats the streamed id");
        assertToolCallId(call.id());
        assertEquals(json(TOOL_ARGUMENTS), json(call.function().arguments()));
    }

    @Test
    void should_pass_an_image_in_a_user_message() {
        upstream.answer(plainAnswer());

        provider.chat(imageRequest());

        assertImageRequest(upstream.lastRequest());
    }

    /**
     * A client may send back tool-call arguments that are not JSON (a model wrote them so). A provider either passes
     * them on or refuses the request as a bad one (a 400); it never fails as if the upstream had (a 502).
     */
    @ParameterizedTest
    @ValueSource(strings = {"not json", "{", "[1,2]", "42"})
    void should_pass_on_or_refuse_as_bad_tool_call_arguments_that_are_not_a_json_object(String arguments) {
        upstream.answer(plainAnswer());
        ChatCompletionRequest request = ChatCompletionRequest.of("contract", List.of(
                ChatMessage.user("Weather in Rome?"),
                ChatMessage.assistant(null, List.of(ToolCall.function("call_1", "get_weather", arguments))),
                ChatMessage.tool("call_1", "22 degrees"),
                ChatMessage.user("Thanks")));

        try {
            assertNotNull(provider.chat(request));
        } catch (ProviderException.BadRequest refused) {
            assertTrue(refused.getMessage().contains("arguments"), refused.getMessage());
        }
    }

    /** True when the provider passes images by web URL to its upstream; false when it refuses them. */
    abstract boolean passesImageUrls();

    @Test
    void should_never_let_an_image_url_be_fetched_by_the_gateway() {
        upstream.answer(plainAnswer());
        ChatCompletionRequest request = ChatCompletionRequest.of("contract", List.of(new ChatMessage(Role.USER,
                MessageContent.of(List.of(ContentPart.text("Describe this."),
                        ContentPart.image(upstream.baseUrl() + "/cat.png", null))), null, null, null, null)));

        if (passesImageUrls()) {
            provider.chat(request);
            assertEquals(1, upstream.requests().size(), "only the chat call, no image download");
            assertTrue(upstream.lastRequest().body().contains("/cat.png"), "the URL went upstream as a URL");
        } else {
            ProviderException e = assertThrows(ProviderException.class, () -> provider.chat(request));
            assertInstanceOf(ProviderException.BadRequest.class, e, e.getMessage());
            assertTrue(upstream.requests().isEmpty(), "nothing was fetched or sent");
        }
    }

    @Test
    void should_ask_for_json_that_follows_a_schema() {
        upstream.answer(plainAnswer());

        provider.chat(jsonSchemaRequest());

        assertJsonSchemaRequest(upstream.lastRequest());
    }

    static Stream<Arguments> statuses() {
        return Stream.of(
                Arguments.of(400, ProviderException.BadRequest.class),
                Arguments.of(401, ProviderException.AuthFailed.class),
                Arguments.of(403, ProviderException.AuthFailed.class),
                Arguments.of(404, ProviderException.BadRequest.class),
                Arguments.of(429, ProviderException.RateLimited.class),
                Arguments.of(500, ProviderException.ServerError.class),
                Arguments.of(503, ProviderException.ServerError.class));
    }

    @ParameterizedTest(name = "upstream {0} -> {1}")
    @MethodSource("statuses")
    void should_map_upstream_status_to_a_typed_error(int status, Class<? extends ProviderException> expected) {
        // The worst case: an upstream that echoes the whole key back in its error.
        upstream.answer(error(status, "Incorrect API key provided: " + KEY, Map.of("Retry-After", "7")));

        ProviderException e = assertThrows(ProviderException.class, () -> provider.chat(simpleRequest()));

        assertEquals(expected, e.getClass());
        assertEquals(status, e.upstreamStatus());
        assertEquals(kind().configName(), e.provider());
        assertTrue(e.getMessage().contains(kind().configName()) && e.getMessage().contains(model()),
                "the message names provider and model: " + e.getMessage());
        assertKeyNowhere(e);
        if (e instanceof ProviderException.RateLimited limited) {
            assertEquals(Duration.ofSeconds(7), limited.retryAfter().orElseThrow());
        }
    }

    @ParameterizedTest(name = "streamed upstream {0}")
    @ValueSource(ints = {401, 429, 503})
    void should_map_stream_errors_like_whole_answer_errors(int status) throws Exception {
        upstream.answer(error(status, "Incorrect API key provided: " + KEY, Map.of("Retry-After", "7")));
        RecordingListener listener = new RecordingListener();

        provider.stream(simpleRequest(), listener);

        ProviderException e = listener.awaitError();
        assertEquals(status, e.upstreamStatus());
        assertKeyNowhere(e);
        if (status == 429) {
            assertEquals(Duration.ofSeconds(7), assertInstanceOf(ProviderException.RateLimited.class, e).retryAfter()
                    .orElseThrow());
        }
    }

    @Test
    void should_recognise_a_prompt_that_does_not_fit() {
        String message = contextLengthMessage();
        assumeTrue(message != null, kind() + " has no context-length error");
        upstream.answer(error(400, message, Map.of()));

        assertThrows(ProviderException.ContextLengthExceeded.class, () -> provider.chat(simpleRequest()));
    }

    @Test
    void should_time_out_when_the_upstream_hangs() throws Exception {
        upstream.answer(FakeUpstream.hang());
        provider.close();
        provider = ProviderFactory.create(deployment(upstream.baseUrl() + basePath(), Duration.ofMillis(300)));

        ProviderException e = assertThrows(ProviderException.class, () -> provider.chat(simpleRequest()));

        assertInstanceOf(ProviderException.Timeout.class, e, e.getMessage());
    }

    @Test
    void should_time_out_when_a_stream_stalls() throws Exception {
        upstream.answer(stalledStream());
        provider.close();
        provider = ProviderFactory.create(deployment(upstream.baseUrl() + basePath(), Duration.ofMillis(300)));
        RecordingListener listener = new RecordingListener();

        provider.stream(simpleRequest(), listener);

        ProviderException e = listener.awaitError();
        assertInstanceOf(ProviderException.Timeout.class, e, e.getMessage());
        assertEquals(0, listener.completions.get());
    }

    @Test
    void should_report_a_refused_connection() throws Exception {
        provider.close();
        provider = ProviderFactory.create(deployment("http://127.0.0.1:" + FakeUpstream.closedPort() + basePath(),
                Duration.ofSeconds(2)));

        ProviderException e = assertThrows(ProviderException.class, () -> provider.chat(simpleRequest()));
        assertInstanceOf(ProviderException.ConnectFailed.class, e, e.getMessage());

        RecordingListener listener = new RecordingListener();
        provider.stream(simpleRequest(), listener);
        ProviderException streamed = listener.awaitError();
        assertInstanceOf(ProviderException.ConnectFailed.class, streamed, streamed.getMessage());
    }

    @Test
    void should_close_the_upstream_connection_when_a_stream_is_cancelled() throws Exception {
        upstream.answer(endlessStream());
        RecordingListener listener = new RecordingListener();

        StreamHandle handle = provider.stream(simpleRequest(), listener);
        assertTrue(listener.awaitFirstDelta(), "the stream started");
        handle.cancel();

        assertTrue(upstream.awaitDisconnect(RecordingListener.WAIT), "the upstream saw its client go away");
        Object end = listener.awaitEnd(Duration.ofSeconds(2));
        assertTrue(end == null || end instanceof ProviderException.Cancelled, "ended with " + end);
        assertEquals(0, listener.completions.get());
    }

    @Test
    void should_stop_the_upstream_when_the_listener_cannot_take_more() throws Exception {
        upstream.answer(endlessStream());
        RecordingListener recorder = new RecordingListener();
        StreamListener failing = new StreamListener() {
            @Override
            public void onDelta(StreamDelta delta) {
                recorder.onDelta(delta);
                throw new IllegalStateException("client went away");
            }

            @Override
            public void onComplete(ChatCompletionResponse response) {
                recorder.onComplete(response);
            }

            @Override
            public void onError(ProviderException error) {
                recorder.onError(error);
            }
        };

        provider.stream(simpleRequest(), failing);

        assertTrue(upstream.awaitDisconnect(RecordingListener.WAIT), "the upstream saw its client go away");
        assertInstanceOf(ProviderException.Cancelled.class, recorder.awaitError());
        assertEquals(1, recorder.deltas.size(), "nothing more after the listener failed");
    }

    @Test
    void should_cancel_a_stream_before_the_upstream_answers() throws Exception {
        upstream.answer(FakeUpstream.hang());
        // A timeout longer than the wait below: only the cancel itself can end this stream in time.
        provider.close();
        provider = ProviderFactory.create(deployment(upstream.baseUrl() + basePath(), Duration.ofSeconds(60)));
        RecordingListener listener = new RecordingListener();

        StreamHandle handle = provider.stream(simpleRequest(), listener);
        assertTrue(upstream.awaitRequest(RecordingListener.WAIT));
        handle.cancel();

        assertInstanceOf(ProviderException.Cancelled.class, listener.awaitError());
        assertTrue(listener.deltas.isEmpty());
    }

    @Test
    void should_close_the_connection_when_cancelled_before_the_first_event() throws Exception {
        upstream.answer(FakeUpstream.silent(streamContentType()));
        RecordingListener listener = new RecordingListener();

        StreamHandle handle = provider.stream(simpleRequest(), listener);
        assertTrue(upstream.awaitRequest(RecordingListener.WAIT));
        handle.cancel();

        assertTrue(upstream.awaitDisconnect(RecordingListener.WAIT), "the upstream saw its client go away");
        assertInstanceOf(ProviderException.Cancelled.class, listener.awaitError());
        assertTrue(listener.deltas.isEmpty());
    }

    @Test
    void should_fail_a_stream_that_ends_before_its_final_event() throws Exception {
        upstream.answer(truncatedStream());
        RecordingListener listener = new RecordingListener();

        provider.stream(simpleRequest(), listener);

        ProviderException e = listener.awaitError();
        assertInstanceOf(ProviderException.IncompleteAnswer.class, e, e.getMessage());
        assertEquals(0, listener.completions.get());
    }

    // ---- answers whose end is the connection's close (RFC 9112 6.3: no Content-Length, no chunks) ----

    @Test
    void should_read_an_answer_that_ends_when_the_upstream_closes_the_connection() throws Exception {
        upstream.answer(plainAnswer());
        try (CloseDelimitingProxy proxy = new CloseDelimitingProxy(upstream.baseUrl())) {
            useUpstreamAt(proxy.baseUrl());

            ChatCompletionResponse response = provider.chat(plainRequest());

            assertEquals(ANSWER, response.firstChoice().message().text());
            assertEquals(FinishReason.STOP, response.firstChoice().finishReason());
            assertEquals(PROMPT_TOKENS + COMPLETION_TOKENS, response.usage().totalTokens());
            assertEquals(1, upstream.requests().size(), "one upstream call");
        }
    }

    @Test
    void should_stream_an_answer_that_ends_when_the_upstream_closes_the_connection() throws Exception {
        upstream.answer(streamedAnswer());
        try (CloseDelimitingProxy proxy = new CloseDelimitingProxy(upstream.baseUrl())) {
            useUpstreamAt(proxy.baseUrl());
            RecordingListener listener = new RecordingListener();

            provider.stream(plainRequest(), listener);

            ChatCompletionResponse response = listener.awaitComplete();
            assertEquals(ANSWER, listener.text());
            assertEquals(ANSWER, response.firstChoice().message().text());
            assertEquals(FinishReason.STOP, response.firstChoice().finishReason());
            assertEquals(0, listener.errors.get());
            assertEquals(1, upstream.requests().size(), "one upstream call");
        }
    }

    @Test
    void should_report_a_close_delimited_answer_cut_short_as_incomplete() throws Exception {
        upstream.answer(plainAnswer());
        try (CloseDelimitingProxy proxy = new CloseDelimitingProxy(upstream.baseUrl())) {
            proxy.ending(CloseDelimitingProxy.Ending.CUT);
            useUpstreamAt(proxy.baseUrl());

            ProviderException e = assertThrows(ProviderException.class, () -> provider.chat(plainRequest()));

            assertInstanceOf(ProviderException.IncompleteAnswer.class, e, e.getMessage());
            assertKeyNowhere(e);
        }
    }

    @Test
    void should_report_an_answer_shorter_than_its_content_length_as_incomplete() throws Exception {
        upstream.answer(plainAnswer());
        try (CloseDelimitingProxy proxy = new CloseDelimitingProxy(upstream.baseUrl())) {
            proxy.ending(CloseDelimitingProxy.Ending.CUT_SHORT_OF_LENGTH);
            useUpstreamAt(proxy.baseUrl());

            ProviderException e = assertThrows(ProviderException.class, () -> provider.chat(plainRequest()));

            assertInstanceOf(ProviderException.IncompleteAnswer.class, e, e.getMessage());
        }
    }

    @Test
    void should_fail_a_close_delimited_stream_that_ends_before_its_final_event() throws Exception {
        upstream.answer(truncatedStream());
        try (CloseDelimitingProxy proxy = new CloseDelimitingProxy(upstream.baseUrl())) {
            useUpstreamAt(proxy.baseUrl());
            RecordingListener listener = new RecordingListener();

            provider.stream(simpleRequest(), listener);

            ProviderException e = listener.awaitError();
            assertInstanceOf(ProviderException.IncompleteAnswer.class, e, e.getMessage());
            assertEquals(0, listener.completions.get());
        }
    }

    // ---- helpers ----

    /** Points the provider at another address of the upstream (a proxy in front of the fake). */
    void useUpstreamAt(String address) {
        provider.close();
        provider = ProviderFactory.create(deployment(address + basePath(), Duration.ofSeconds(5)));
    }

    void assertToolCallId(String id) {
        assertNotNull(id);
        if (upstreamToolCallId() != null) {
            assertEquals(upstreamToolCallId(), id);
        } else {
            assertTrue(id.startsWith("call_"), "a generated id in OpenAI's style: " + id);
        }
    }

    static void assertKeyNowhere(ProviderException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            assertFalse(String.valueOf(t.getMessage()).contains(KEY), "the key leaked into " + t);
        }
        StringWriter trace = new StringWriter();
        e.printStackTrace(new PrintWriter(trace));
        assertFalse(trace.toString().contains(KEY), "the key leaked into the stack trace");
    }

    /** The messages of an upstream body's array, by a field naming their role. */
    static List<String> roles(JsonNode messages, String roleField) {
        return java.util.stream.StreamSupport.stream(messages.spliterator(), false)
                .map(m -> m.path(roleField).asText()).toList();
    }
}
