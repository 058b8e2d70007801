package dev.reprise.gateway.http;

import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.http.StreamResponse;
import com.openai.errors.SseException;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import dev.reprise.gateway.FakeProviders;
import dev.reprise.gateway.GatewayFixture;
import dev.reprise.gateway.config.GatewayConfig;
import dev.reprise.models.catalogue.Deployment;
import dev.reprise.models.provider.Provider;
import dev.reprise.models.provider.ProviderException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Stream;

import static dev.reprise.gateway.http.ErrorAssertions.assertError;
import static dev.reprise.gateway.http.ErrorAssertions.assertNoLeak;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** How each typed upstream failure reaches the client, whole and streamed, and that none leaks a secret. */
class UpstreamErrorsTest {

    private static final String ALIAS = "gpt";

    static Stream<Arguments> failures() {
        return Stream.of(
                Arguments.of(new ProviderException.AuthFailed("openai", 401, "unauthorized", null),
                        502, "upstream_error", "upstream_auth_failed", null),
                Arguments.of(new ProviderException.AuthFailed("openai", 403, "forbidden", null),
                        502, "upstream_error", "upstream_auth_failed", null),
                Arguments.of(new ProviderException.RateLimited("openai", "slow down", Duration.ofSeconds(30), null),
                        429, "rate_limit_error", "rate_limit_exceeded", "30"),
                Arguments.of(new ProviderException.RateLimited("openai", "slow down", null, null),
                        429, "rate_limit_error", "rate_limit_exceeded", "1"),
                Arguments.of(new ProviderException.ServerError("openai", 503, "unavailable", null),
                        502, "upstream_error", "upstream_server_error", null),
                Arguments.of(new ProviderException.Timeout("openai", "read timed out", null),
                        504, "upstream_error", "upstream_timeout", null),
                Arguments.of(new ProviderException.ConnectFailed("openai", "connection refused", null),
                        502, "upstream_error", "upstream_unavailable", null),
                Arguments.of(new ProviderException.BadRequest("openai", 400, "Invalid 'messages[0].name'", null),
                        400, "invalid_request_error", null, null),
                Arguments.of(new ProviderException.ContextLengthExceeded("openai", "too long", null),
                        400, "invalid_request_error", "context_length_exceeded", null));
    }

    private static GatewayFixture gatewayWith(Function<Deployment, Provider> provider) {
        return GatewayFixture.start(GatewayConfig.of(List.of(FakeProviders.openAiDeployment(ALIAS))), provider);
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @MethodSource("failures")
    void should_map_an_upstream_failure_once_for_whole_answers(ProviderException failure, int status, String type,
                                                             String code, String retryAfter) {
        try (GatewayFixture fx = gatewayWith(d -> new FakeProviders.Failing(d, failure))) {
            HttpResponse<String> res = fx.post("/v1/chat/completions", GatewayFixture.chat(ALIAS, "hi"));
            var error = assertError(res, status, type, error(failure), code);
            assertEquals(retryAfter, res.headers().firstValue("retry-after").orElse(null));
            if (status == 502 || status == 504) {
                assertTrue(error.get("message").asText().contains("openai"), "names the provider: " + error);
            }
            if (failure instanceof ProviderException.BadRequest && !(failure instanceof ProviderException.ContextLengthExceeded)) {
                assertTrue(error.get("message").asText().contains("Invalid 'messages[0].name'"), "upstream message");
            }
            assertFalse(res.headers().firstValue("x-reprise-provider").isPresent(), "only answered requests say who answered");
        }
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @MethodSource("failures")
    void should_send_an_error_status_when_a_stream_fails_before_its_first_byte(ProviderException failure, int status,
                                                                            String type, String code, String retryAfter) {
        try (GatewayFixture fx = gatewayWith(d -> new FakeProviders.Failing(d, failure))) {
            HttpResponse<String> res = fx.post("/v1/chat/completions",
                    "{\"model\":\"gpt\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");
            assertError(res, status, type, error(failure), code);
            assertEquals(retryAfter, res.headers().firstValue("retry-after").orElse(null));
        }
    }

    private static String error(ProviderException failure) {
        return failure instanceof ProviderException.ContextLengthExceeded ? "messages" : null;
    }

    @Test
    void should_end_a_failing_stream_with_an_error_event_then_done() {
        ProviderException failure = new ProviderException.ServerError("openai", 500, "boom", null);
        try (GatewayFixture fx = gatewayWith(d -> new FakeProviders.FailsMidStream(d, failure))) {
            HttpResponse<String> res = fx.post("/v1/chat/completions",
                    "{\"model\":\"gpt\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");
            assertEquals(200, res.statusCode());
            List<String> events = SseEvents.data(res.body());
            assertTrue(events.get(1).contains("\"Hello \""), events.toString());
            assertTrue(events.get(events.size() - 2).startsWith("{\"error\":{"), events.toString());
            assertTrue(events.get(events.size() - 2).contains("upstream_server_error"), events.toString());
            assertEquals("[DONE]", events.get(events.size() - 1));
            assertNoLeak(res.body());
        }
    }

    @Test
    void should_make_the_official_sdk_raise_on_a_mid_stream_error() {
        ProviderException failure = new ProviderException.Timeout("openai", "stalled", null);
        try (GatewayFixture fx = gatewayWith(d -> new FakeProviders.FailsMidStream(d, failure))) {
            OpenAIClient client = OpenAIOkHttpClient.builder().baseUrl(fx.gateway.url() + "/v1").apiKey("sk-x")
                    .maxRetries(0).build();
            try (StreamResponse<ChatCompletionChunk> stream = client.chat().completions().createStreaming(
                    ChatCompletionCreateParams.builder().model(ALIAS).addUserMessage("hi").build())) {
                SseException e = assertThrows(SseException.class, () -> stream.stream().toList());
                assertTrue(e.getMessage().contains("openai"), e.getMessage());
            } finally {
                client.close();
            }
        }
    }

    @Test
    void should_answer_500_without_details_when_a_provider_breaks() {
        try (GatewayFixture fx = gatewayWith(FakeProviders.Broken::new)) {
            var res = fx.post("/v1/chat/completions", GatewayFixture.chat(ALIAS, "hi"));
            var error = assertError(res, 500, "server_error", null, null);
            assertTrue(error.get("message").asText().contains(res.headers().firstValue("x-request-id").orElseThrow()),
                    "the message gives the request id to find the log line");
            var streamed = fx.post("/v1/chat/completions",
                    "{\"model\":\"gpt\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");
            assertError(streamed, 500, "server_error", null, null);
        }
    }
}
