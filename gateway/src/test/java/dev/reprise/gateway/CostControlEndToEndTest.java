package dev.reprise.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.errors.RateLimitException;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import dev.reprise.models.wire.WireJson;
import dev.reprise.testing.FakeUpstream;
import dev.reprise.testing.OpenAiReplies;
import dev.reprise.testing.TestClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * The README's cost-control story in one run: a key made through the admin API with a rate limit and a daily
 * budget, used from the OpenAI SDK, refused first by its limit and then by its budget, its spend shown by the admin
 * API. Each answer costs $0.25 (1,000 prompt tokens at $250 per million), so a $1 budget pays for four.
 */
class CostControlEndToEndTest {

    private static final String ADMIN = "Bearer adm-1";

    private final TestClock clock = new TestClock(Instant.parse("2026-12-03T12:00:00Z"));
    private FakeUpstream up;
    private GatewayFixture fx;
    private OpenAIClient client;

    @BeforeEach
    void start() throws IOException {
        up = new FakeUpstream();
        up.answer(OpenAiReplies.completion("answer", 1000, 0));
        fx = GatewayFixture.start(GatewayFixture.config("""
                admin:
                  key: adm-1
                key-store:
                  enabled: true
                models:
                  - name: support
                    provider: openai
                    model: gpt-support
                    base-url: %s/v1
                    api-key: sk-up
                    price: { input: 250, output: 0 }
                """.formatted(up.baseUrl())), Gateway.Options.defaults().withClock(clock));
    }

    @AfterEach
    void stop() {
        if (client != null) {
            client.close();
        }
        fx.close();
        up.close();
    }

    @Test
    void should_refuse_a_key_over_its_rate_limit_then_over_its_budget() throws Exception {
        HttpResponse<String> created = fx.post("/admin/keys", """
                {"name":"support bot","tenant":"acme","models":["support"],
                 "limits":{"rpm":3},"budget":{"usd":1,"period":"day"}}""", "Authorization", ADMIN);
        assertEquals(201, created.statusCode(), created.body());
        JsonNode key = WireJson.mapper().readTree(created.body());
        client = OpenAIOkHttpClient.builder().baseUrl(fx.gateway.url() + "/v1").apiKey(key.get("key").asText())
                .maxRetries(0).build();
        ChatCompletionCreateParams ask = ChatCompletionCreateParams.builder().model("support")
                .addUserMessage("How do I reset my password?").build();

        for (int i = 0; i < 3; i++) {
            assertEquals("answer", client.chat().completions().create(ask).choices().getFirst().message().content()
                    .orElseThrow());
        }
        RateLimitException limited = assertThrows(RateLimitException.class, () -> client.chat().completions().create(ask));
        assertEquals("rate_limit_exceeded", limited.code().orElseThrow());
        assertEquals("20", limited.headers().values("retry-after").getFirst(), "3 a minute: one back every 20 s");

        clock.advance(Duration.ofSeconds(20));
        client.chat().completions().create(ask);
        clock.advance(Duration.ofMinutes(1));
        RateLimitException broke = assertThrows(RateLimitException.class, () -> client.chat().completions().create(ask));
        assertEquals("budget_exceeded", broke.code().orElseThrow());
        assertEquals(String.valueOf(Duration.between(clock.instant(), Instant.parse("2026-12-04T00:00:00Z")).toSeconds()),
                broke.headers().values("retry-after").getFirst(), "until midnight UTC");
        assertEquals(4, up.requests().size(), "neither refusal reached the provider");

        JsonNode spend = WireJson.mapper().readTree(fx.get("/admin/keys/" + key.get("id").asText(),
                "Authorization", ADMIN).body()).path("spend");
        assertEquals(1.0, spend.path("usd").asDouble(), 1e-9, spend.toString());
        assertEquals("day", spend.path("period").asText());

        clock.advance(Duration.ofHours(12));
        assertEquals("answer", client.chat().completions().create(ask).choices().getFirst().message().content()
                .orElseThrow(), "a new day, a new budget");
    }
}
