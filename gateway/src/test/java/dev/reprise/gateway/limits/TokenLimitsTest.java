package dev.reprise.gateway.limits;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.reprise.gateway.Gateway;
import dev.reprise.gateway.GatewayFixture;
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
import java.util.Map;

import static dev.reprise.gateway.limits.RequestLimitsTest.header;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Tokens-per-minute limits: a request is charged its estimate (prompt plus {@code max_tokens}) before the call and
 * the upstream's reported usage once it settled. The upstream model has no known tokenizer, so the prompt is
 * estimated at four characters a token: "abcdefgh" is 2.
 */
class TokenLimitsTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final TestClock clock = new TestClock(Instant.parse("2026-03-02T10:00:00Z"));
    private FakeUpstream upstream;
    private GatewayFixture fx;

    @BeforeEach
    void start() throws IOException {
        upstream = new FakeUpstream();
        fx = GatewayFixture.start(GatewayFixture.config("""
                models:
                  - name: local
                    provider: openai
                    model: some-local-model
                    base-url: %s/v1
                    api-key: sk-1
                keys:
                  - { id: bot, key: rk-bot, limits: { tpm: 100 } }
                limits:
                  default-max-tokens: 30
                """.formatted(upstream.baseUrl())), Gateway.Options.defaults().withClock(clock));
    }

    @AfterEach
    void stop() {
        fx.close();
        upstream.close();
    }

    private HttpResponse<String> ask(String extra) {
        return fx.post("/v1/chat/completions", "{\"model\":\"local\"" + extra
                + ",\"messages\":[{\"role\":\"user\",\"content\":\"abcdefgh\"}]}", "Authorization", "Bearer rk-bot");
    }

    @Test
    void should_charge_the_estimate_then_the_real_usage_and_refuse_until_the_debt_is_refilled() throws Exception {
        upstream.answer(OpenAiReplies.completion("ok", 40, 20));

        HttpResponse<String> first = ask(",\"max_tokens\":10");
        assertEquals(200, first.statusCode(), first.body());
        assertEquals("100", header(first, "x-ratelimit-limit-tokens"));
        assertEquals("88", header(first, "x-ratelimit-remaining-tokens"), "2 prompt + 10 max_tokens estimated");
        HttpResponse<String> second = ask(",\"max_tokens\":10");
        assertEquals("28", header(second, "x-ratelimit-remaining-tokens"), "the first really used 60: 100 - 60 - 12");
        // The second used 60 too: 20 in debt, and the next needs 12, so 32 tokens at 100 a minute: 19.2 s.
        HttpResponse<String> refused = ask(",\"max_tokens\":10");

        assertEquals(429, refused.statusCode());
        assertEquals("Rate limit reached for key 'bot' on tokens per minute (TPM): limit 100. Please try again in"
                + " 19.2s.", JSON.readTree(refused.body()).at("/error/message").asText());
        assertEquals("20", header(refused, "retry-after"));
        assertEquals("0", header(refused, "x-ratelimit-remaining-tokens"));
        assertEquals("1m12s", header(refused, "x-ratelimit-reset-tokens"), "120 tokens short of full at 100 a minute");
        assertEquals(2, upstream.requests().size(), "a refused request is not sent");

        clock.advance(Duration.ofSeconds(20));
        HttpResponse<String> later = ask(",\"max_tokens\":10");
        assertEquals(200, later.statusCode(), later.body());
        assertEquals("1", header(later, "x-ratelimit-remaining-tokens"), "-20 + 33 refilled in 20 s - 12");
    }

    @Test
    void should_give_back_the_estimate_of_a_failed_call_and_charge_a_streams_reported_usage() {
        upstream.answer(OpenAiReplies.error(400, "bad request", Map.of()));
        HttpResponse<String> failed = ask("");
        assertEquals(400, failed.statusCode(), failed.body());
        assertEquals("68", header(failed, "x-ratelimit-remaining-tokens"), "2 prompt + 30 default-max-tokens");

        upstream.answer(OpenAiReplies.stream("a", "b", "c"));
        HttpResponse<String> streamed = ask(",\"stream\":true");
        assertEquals(200, streamed.statusCode(), streamed.body());
        assertEquals("68", header(streamed, "x-ratelimit-remaining-tokens"), "the failed call's 32 were given back");

        HttpResponse<String> next = ask("");
        assertEquals("54", header(next, "x-ratelimit-remaining-tokens"), "the stream reported 11 + 3: 100 - 14 - 32");
    }
}
