package dev.reprise.gateway.http;

import com.fasterxml.jackson.databind.JsonNode;
import dev.reprise.gateway.FakeProviders;
import dev.reprise.gateway.GatewayFixture;
import dev.reprise.gateway.config.GatewayConfig;
import dev.reprise.models.catalogue.Deployment;
import dev.reprise.models.catalogue.Price;
import dev.reprise.models.catalogue.ProviderKind;
import dev.reprise.models.catalogue.Secret;
import dev.reprise.models.provider.ProviderFactory;
import dev.reprise.models.wire.WireJson;
import dev.reprise.testing.FakeUpstream;
import dev.reprise.testing.OpenAiReplies;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static dev.reprise.gateway.http.ErrorAssertions.assertError;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The real OpenAI provider against a fake OpenAI server over HTTP, through the whole gateway: upstream
 * statuses become the documented client statuses, and answers pass through, whole and streamed.
 */
class OpenAiUpstreamTest {

    private FakeUpstream upstream;
    private GatewayFixture fixture;

    @BeforeEach
    void start() throws IOException {
        upstream = new FakeUpstream();
        Deployment d = new Deployment("gpt", ProviderKind.OPENAI, "gpt-4o-mini", upstream.baseUrl() + "/v1",
                Secret.of(FakeProviders.SECRET_KEY), Duration.ofSeconds(1), new Price(0.15, 0.6), null);
        fixture = GatewayFixture.start(GatewayConfig.of(List.of(d)), ProviderFactory::create);
    }

    @AfterEach
    void stop() {
        fixture.close();
        upstream.close();
    }

    private HttpResponse<String> ask(boolean stream) {
        return fixture.post("/v1/chat/completions", "{\"model\":\"gpt\",\"stream\":" + stream
                + (stream ? ",\"stream_options\":{\"include_usage\":true}" : "")
                + ",\"messages\":[{\"role\":\"system\",\"content\":\"Be brief.\"},"
                + "{\"role\":\"user\",\"content\":\"Say hello\"}]}");
    }

    @Test
    void should_pass_a_whole_answer_through_and_send_the_upstream_model_and_key() throws IOException {
        upstream.answer(OpenAiReplies.completion("Hello!"));
        HttpResponse<String> res = ask(false);

        assertEquals(200, res.statusCode(), res.body());
        JsonNode body = WireJson.mapper().readTree(res.body());
        assertEquals("Hello!", body.at("/choices/0/message/content").asText());
        assertEquals(14, body.at("/usage/total_tokens").asInt());
        assertEquals("openai", res.headers().firstValue("x-reprise-provider").orElseThrow());
        assertEquals("gpt-4o-mini", res.headers().firstValue("x-reprise-model").orElseThrow());

        FakeUpstream.Recorded sent = upstream.requests().get(0);
        assertEquals("/v1/chat/completions", sent.path());
        assertEquals("Bearer " + FakeProviders.SECRET_KEY, sent.header("Authorization"));
        JsonNode request = WireJson.mapper().readTree(sent.body());
        assertEquals("gpt-4o-mini", request.get("model").asText(), "the alias is translated to the upstream model");
        assertEquals("Say hello", request.at("/messages/1/content").asText());
    }

    @Test
    void should_relay_an_upstream_stream_with_usage() throws IOException {
        upstream.answer(OpenAiReplies.stream("Hel", "lo", " there"));
        HttpResponse<String> res = ask(true);

        assertEquals(200, res.statusCode(), res.body());
        List<String> events = SseEvents.data(res.body());
        StringBuilder text = new StringBuilder();
        for (String e : events.subList(0, events.size() - 1)) {
            WireJson.mapper().readTree(e).path("choices").forEach(c -> text.append(c.at("/delta/content").asText("")));
        }
        assertEquals("Hello there", text.toString());
        assertEquals("[DONE]", events.get(events.size() - 1));
        JsonNode usage = WireJson.mapper().readTree(events.get(events.size() - 2)).get("usage");
        assertEquals(14, usage.get("total_tokens").asInt());
        assertTrue(WireJson.mapper().readTree(upstream.requests().get(0).body()).get("stream").asBoolean());
    }

    @Test
    void should_turn_an_upstream_401_into_a_502_naming_the_provider() {
        upstream.answer(OpenAiReplies.error(401, "Incorrect API key provided: " + FakeProviders.SECRET_KEY,
                Map.of()));
        var error = assertError(ask(false), 502, "upstream_error", null, "upstream_auth_failed");
        assertTrue(error.get("message").asText().contains("openai"));
    }

    @Test
    void should_pass_an_upstream_429_through_with_retry_after() {
        upstream.answer(OpenAiReplies.error(429, "Rate limit reached", Map.of("Retry-After", "7")));
        HttpResponse<String> res = ask(false);
        assertError(res, 429, "rate_limit_error", null, "rate_limit_exceeded");
        assertEquals("7", res.headers().firstValue("retry-after").orElseThrow());

        HttpResponse<String> streamed = ask(true);
        assertError(streamed, 429, "rate_limit_error", null, "rate_limit_exceeded");
        assertEquals("7", streamed.headers().firstValue("retry-after").orElseThrow());
    }

    @Test
    void should_turn_an_upstream_500_into_a_502() {
        upstream.answer(OpenAiReplies.error(500, "The server had an error", Map.of()));
        assertError(ask(false), 502, "upstream_error", null, "upstream_server_error");
    }

    @Test
    void should_answer_504_when_the_upstream_hangs_past_its_timeout() {
        upstream.answer(FakeUpstream.hang());
        assertError(ask(false), 504, "upstream_error", null, "upstream_timeout");
    }

    @Test
    void should_pass_an_upstream_400_message_through() {
        upstream.answer(OpenAiReplies.error(400, "Invalid value for 'logit_bias'", Map.of()));
        var error = assertError(ask(false), 400, "invalid_request_error", null, null);
        assertTrue(error.get("message").asText().contains("logit_bias"), error.toString());
    }
}
