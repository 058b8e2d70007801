package dev.reprise.gateway.http;

import com.fasterxml.jackson.databind.JsonNode;
import dev.reprise.gateway.GatewayFixture;
import dev.reprise.gateway.error.ClientValue;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.stream.Stream;

import static dev.reprise.gateway.http.ErrorAssertions.assertError;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every way a chat request can be wrong, over real HTTP: OpenAI's status, type, param and code. */
class RequestValidationTest {

    private static final String CHAT = "/v1/chat/completions";
    private static final String USER = "{\"role\":\"user\",\"content\":\"hi\"}";
    private static final String INVALID = "invalid_request_error";
    /** About 4 MB: under the default body limit, far over anything an error should quote. */
    private static final int HUGE = 4_000_000;

    private static GatewayFixture fixture;
    /** The default body limit (4 MiB), for the huge values. */
    private static GatewayFixture roomy;

    @BeforeAll
    static void start() {
        fixture = GatewayFixture.start("""
                server:
                  max-body-size: 64KiB
                models:
                  - name: mock
                    provider: mock
                    latency: 0ms
                """);
        roomy = GatewayFixture.start(GatewayFixture.MOCK_ONLY);
    }

    @AfterAll
    static void stop() {
        fixture.close();
        roomy.close();
    }

    private static HttpResponse<String> post(String body) {
        return fixture.post(CHAT, body);
    }

    @Test
    void should_refuse_malformed_json() {
        assertError(post("{\"model\":\"mock\",\"messages\":["), 400, INVALID, null, null);
        assertError(post("{not json}"), 400, INVALID, null, null);
    }

    /** Leading zero bytes make Jackson read UTF-32, whose decoder fails with an IOException that was taken for a bug. */
    @Test
    void should_refuse_a_body_that_is_not_text_in_any_unicode_encoding() {
        byte[] body = "\0\0\0sages\":\"/:\"hiD}]}]}".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
        HttpResponse<String> res = fixture.send(HttpRequest.newBuilder(fixture.uri(CHAT))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofByteArray(body)).build());

        assertError(res, 400, INVALID, null, null);
    }

    @Test
    void should_refuse_an_empty_body_and_a_non_object_body() {
        assertError(post(""), 400, INVALID, null, null);
        assertError(post("[1,2]"), 400, INVALID, null, null);
        assertError(post("\"text\""), 400, INVALID, null, null);
    }

    @Test
    void should_name_missing_or_empty_messages() {
        assertError(post("{\"model\":\"mock\"}"), 400, INVALID, "messages", null);
        assertError(post("{\"model\":\"mock\",\"messages\":[]}"), 400, INVALID, "messages", null);
    }

    @Test
    void should_name_a_missing_model() {
        assertError(post("{\"messages\":[" + USER + "]}"), 400, INVALID, "model", null);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "{\"model\":\"mock\",\"messages\":[{\"role\":\"user\",\"content\":5}]}|messages[0].content",
            "{\"model\":\"mock\",\"messages\":\"hello\"}|messages",
            "{\"model\":\"mock\",\"messages\":[" + USER + "],\"temperature\":\"hot\"}|temperature",
            "{\"model\":\"mock\",\"messages\":[" + USER + "],\"max_tokens\":1.5}|max_tokens",
            "{\"model\":\"mock\",\"messages\":[" + USER + "],\"stream\":\"yes please\"}|stream",
            "{\"model\":[\"mock\"],\"messages\":[" + USER + "]}|model",
            "{\"model\":\"mock\",\"messages\":[" + USER + ",{\"role\":\"user\",\"content\":[{\"type\":\"text\",\"text\":{}}]}]}|messages[1].content[0].text",
    })
    void should_name_the_field_of_a_wrong_type(String body, String param) {
        assertError(post(body), 400, INVALID, param, null);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "{\"model\":\"nope\",\"model\":\"mock\",\"messages\":[" + USER + "]}|model",
            "{\"model\":\"mock\",\"messages\":[" + USER + "],\"messages\":[" + USER + "]}|messages",
            "{\"model\":\"mock\",\"messages\":[{\"role\":\"user\",\"role\":\"system\",\"content\":\"hi\"}]}"
                    + "|messages[0].role",
            "{\"model\":\"mock\",\"messages\":[" + USER + ",{\"role\":\"user\",\"content\":[{\"type\":\"text\","
                    + "\"text\":\"a\",\"text\":\"b\"}]}]}|messages[1].content[0].text",
            "{\"model\":\"mock\",\"messages\":[" + USER + "],\"tools\":[{\"type\":\"function\",\"function\":"
                    + "{\"name\":\"f\",\"parameters\":{\"type\":\"object\",\"type\":\"string\"}}}]}"
                    + "|tools[0].function.parameters.type",
    })
    void should_refuse_a_duplicate_key(String body, String param) {
        var error = assertError(post(body), 400, INVALID, param, null);
        assertTrue(error.get("message").asText().contains("Duplicate"), error.toString());
    }

    @ParameterizedTest(name = "{0}: {1}")
    @CsvSource(delimiter = '|', value = {
            "stream|-1|a boolean",
            "stream|1|a boolean",
            "stream|\"true\"|a boolean",
            "stream|[true]|a boolean",
            "temperature|\"\"|a number",
            "temperature|\"1\"|a number",
            "temperature|true|a number",
            "top_p|\"0.5\"|a number",
            "stop|true|a string or an array of strings",
            "stop|5|a string or an array of strings",
            "stop|{}|a string or an array of strings",
            "user|1.5|a string",
            "user|7|a string",
            "user|false|a string",
            "n|1.5|an integer",
            "n|\"1\"|an integer",
            "max_tokens|\"100\"|an integer",
            "max_tokens|true|an integer",
            "max_tokens|\"\"|an integer",
            "seed|1.5|an integer",
            "parallel_tool_calls|0|a boolean",
            "metadata|{\"k\":1}|a string",
    })
    void should_refuse_a_value_of_the_wrong_type_instead_of_coercing_it(String field, String value, String expected) {
        var error = assertError(post("{\"model\":\"mock\",\"messages\":[" + USER + "],\"" + field + "\":" + value + "}"),
                400, INVALID, field.equals("metadata") ? "metadata.k" : field, null);
        assertTrue(error.get("message").asText().contains("expected " + expected), error.toString());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "{\"model\":\"mock\",\"messages\":[" + USER + ",{\"role\":\"user\",\"content\":\"x\",\"name\":5}]}"
                    + "|messages[1].name",
            "{\"model\":\"mock\",\"messages\":[{\"role\":1,\"content\":\"x\"}]}|messages[0].role",
            "{\"model\":\"mock\",\"messages\":[" + USER + "],\"stop\":[\"a\",1]}|stop[1]",
            "{\"model\":\"mock\",\"messages\":[" + USER + "],\"stream\":true,\"stream_options\":"
                    + "{\"include_usage\":1}}|stream_options.include_usage",
            "{\"model\":5,\"messages\":[" + USER + "]}|model",
    })
    void should_refuse_a_nested_value_of_the_wrong_type(String body, String param) {
        assertError(post(body), 400, INVALID, param, null);
    }

    @Test
    void should_still_accept_what_openai_accepts() {
        // An integer where a number goes, one stop string, and null for every optional field (SDKs send nulls).
        for (String extra : List.of(",\"temperature\":1,\"top_p\":1", ",\"stop\":\"END\"", ",\"stop\":[\"a\",\"b\"]",
                ",\"stream\":false,\"n\":1,\"max_tokens\":10,\"seed\":42,\"user\":\"u-1\",\"metadata\":{\"k\":\"v\"}",
                ",\"temperature\":null,\"top_p\":null,\"stop\":null,\"user\":null,\"n\":null,\"stream\":null,"
                        + "\"max_tokens\":null,\"seed\":null,\"tools\":null,\"tool_choice\":null,\"metadata\":null")) {
            var res = post("{\"model\":\"mock\",\"messages\":[" + USER + "]" + extra + "}");
            assertEquals(200, res.statusCode(), extra + " -> " + res.body());
        }
    }

    @Test
    void should_refuse_an_unknown_role() {
        var error = assertError(post("{\"model\":\"mock\",\"messages\":[{\"role\":\"robot\",\"content\":\"x\"}]}"),
                400, INVALID, "messages[0].role", null);
        assertTrue(error.get("message").asText().contains("robot"));
    }

    @ParameterizedTest(name = "{0}={1}")
    @CsvSource({
            "temperature, 2.5", "temperature, -0.1", "top_p, 1.5", "top_p, -1",
            "max_tokens, 0", "max_tokens, -5", "max_completion_tokens, 0",
            "presence_penalty, 3", "frequency_penalty, -2.5"})
    void should_refuse_numbers_out_of_range(String field, String value) {
        assertError(post("{\"model\":\"mock\",\"messages\":[" + USER + "],\"" + field + "\":" + value + "}"),
                400, INVALID, field, null);
    }

    @Test
    void should_accept_the_edges_of_each_range() {
        var res = post("{\"model\":\"mock\",\"messages\":[" + USER + "],\"temperature\":2,\"top_p\":0,"
                + "\"max_tokens\":1000,\"presence_penalty\":-2,\"frequency_penalty\":2}");
        assertEquals(200, res.statusCode(), res.body());
    }

    @Test
    void should_refuse_n_greater_than_one() {
        var error = assertError(post("{\"model\":\"mock\",\"messages\":[" + USER + "],\"n\":3}"),
                400, INVALID, "n", null);
        assertTrue(error.get("message").asText().contains("n > 1 is not supported"));
        assertEquals(200, post("{\"model\":\"mock\",\"messages\":[" + USER + "],\"n\":1}").statusCode());
    }

    @Test
    void should_accept_image_parts() {
        var res = post("""
                {"model":"mock","messages":[{"role":"user","content":[
                  {"type":"text","text":"What is in this picture?"},
                  {"type":"image_url","image_url":{"url":"data:image/png;base64,iVBORw0KGgo=","detail":"low"}}]}]}
                """);
        assertEquals(200, res.statusCode(), res.body());
        assertTrue(res.body().contains("What is in this picture?"));
    }

    @Test
    void should_refuse_an_image_part_without_a_url() {
        assertError(post("{\"model\":\"mock\",\"messages\":[{\"role\":\"user\",\"content\":[{\"type\":\"image_url\","
                + "\"image_url\":{}}]}]}"), 400, INVALID, "messages[0].content[0].image_url.url", null);
    }

    @Test
    void should_refuse_a_tool_without_a_function_name() {
        assertError(post("{\"model\":\"mock\",\"messages\":[" + USER + "],\"tools\":[{\"type\":\"function\","
                + "\"function\":{\"description\":\"no name\"}}]}"), 400, INVALID, "tools[0].function.name", null);
    }

    @Test
    void should_refuse_a_tool_choice_naming_an_unknown_tool() {
        assertError(post("{\"model\":\"mock\",\"messages\":[" + USER + "],\"tools\":[{\"type\":\"function\","
                + "\"function\":{\"name\":\"lookup\"}}],\"tool_choice\":{\"type\":\"function\",\"function\":"
                + "{\"name\":\"other\"}}}"), 400, INVALID, "tool_choice", null);
    }

    @Test
    void should_refuse_a_tool_message_without_its_call_id() {
        assertError(post("{\"model\":\"mock\",\"messages\":[" + USER + ",{\"role\":\"tool\",\"content\":\"42\"}]}"),
                400, INVALID, "messages[1].tool_call_id", null);
    }

    @Test
    void should_refuse_a_json_schema_format_without_a_name() {
        assertError(post("{\"model\":\"mock\",\"messages\":[" + USER + "],\"response_format\":{\"type\":"
                + "\"json_schema\",\"json_schema\":{\"schema\":{}}}}"), 400, INVALID,
                "response_format.json_schema.name", null);
    }

    @Test
    void should_refuse_stream_options_without_stream() {
        assertError(post("{\"model\":\"mock\",\"messages\":[" + USER + "],\"stream_options\":"
                + "{\"include_usage\":true}}"), 400, INVALID, "stream_options", null);
    }

    @Test
    void should_answer_404_model_not_found_for_an_unknown_alias() {
        var error = assertError(post(GatewayFixture.chat("gpt-17", "hi")), 404, INVALID, "model", "model_not_found");
        assertTrue(error.get("message").asText().contains("gpt-17"));
    }

    /** Bodies that each carry one huge value where the answer might echo it. */
    static Stream<Arguments> hugeValues() {
        String huge = "x".repeat(HUGE);
        return Stream.of(
                Arguments.of("model name", GatewayFixture.chat(huge, "hi"), 404, "model"),
                Arguments.of("role", "{\"model\":\"mock\",\"messages\":[{\"role\":\"" + huge + "\",\"content\":\"x\"}]}",
                        400, "messages[0].role"),
                Arguments.of("content part type", "{\"model\":\"mock\",\"messages\":[{\"role\":\"user\",\"content\":"
                        + "[{\"type\":\"" + huge + "\"}]}]}", 400, "messages[0].content[0].type"),
                Arguments.of("tool_choice", "{\"model\":\"mock\",\"messages\":[" + USER + "],\"tool_choice\":\""
                        + huge + "\"}", 400, "tool_choice"),
                Arguments.of("response_format type", "{\"model\":\"mock\",\"messages\":[" + USER + "],"
                        + "\"response_format\":{\"type\":\"" + huge + "\"}}", 400, "response_format.type"),
                Arguments.of("duplicate metadata key", "{\"model\":\"mock\",\"messages\":[" + USER + "],"
                        + "\"metadata\":{\"" + "k".repeat(40_000) + "\":\"a\",\"" + "k".repeat(40_000) + "\":\"b\"}}", 400,
                        "metadata." + "k".repeat(40_000)),
                Arguments.of("metadata key of a wrong value", "{\"model\":\"mock\",\"messages\":[" + USER + "],"
                        + "\"metadata\":{\"" + "k".repeat(40_000) + "\":1}}", 400, "metadata." + "k".repeat(40_000)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("hugeValues")
    void should_keep_the_error_small_when_the_client_sends_a_huge_value(String what, String body, int status,
                                                                        String param) {
        var res = roomy.post(CHAT, body);
        assertEquals(status, res.statusCode(), what);
        assertTrue(res.body().length() < 2048, what + ": " + res.body().length() + " bytes");
        JsonNode error = assertError(res, status, INVALID, ClientValue.truncate(param),
                status == 404 ? "model_not_found" : null);
        assertTrue(error.get("message").asText().contains("characters"), error.toString());
    }

    @Test
    void should_answer_413_for_a_body_over_the_limit() {
        String big = "x".repeat(70 * 1024);
        assertError(post(GatewayFixture.chat("mock", big)), 413, INVALID, null, "request_too_large");
    }

    @Test
    void should_answer_413_for_a_chunked_body_over_the_limit() {
        // No Content-Length: the limit must hold while reading.
        byte[] big = GatewayFixture.chat("mock", "y".repeat(70 * 1024)).getBytes();
        HttpRequest req = HttpRequest.newBuilder(fixture.uri(CHAT))
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new java.io.ByteArrayInputStream(big)))
                .build();
        assertError(fixture.send(req), 413, INVALID, null, "request_too_large");
    }

    @Test
    void should_answer_404_in_openai_shape_for_an_unknown_path() {
        var error = assertError(fixture.get("/v1/embeddings-nope"), 404, INVALID, null, "unknown_url");
        assertTrue(error.get("message").asText().contains("/v1/embeddings-nope"));
    }

    @Test
    void should_answer_405_for_a_wrong_method() {
        var res = fixture.get(CHAT);
        assertError(res, 405, INVALID, null, "method_not_allowed");
        assertEquals("POST", res.headers().firstValue("allow").orElseThrow());
        assertError(fixture.post("/v1/models", "{}"), 405, INVALID, null, "method_not_allowed");
    }
}
