package dev.reprise.gateway.routing;

import dev.reprise.gateway.GatewayFixture;
import dev.reprise.models.tokens.TokenCounter;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * A stream whose provider sends no usage is still costed: counted with the model's own tokenizer when there is one
 * (OpenAI's models), else estimated from the text's length (about four characters a token).
 */
class StreamUsageTest {

    private ScriptedUpstream upstream;
    private GatewayFixture fx;

    @BeforeEach
    void start() throws IOException {
        // Streams without a usage chunk.
        upstream = new ScriptedUpstream().always(ScriptedUpstream.stream("twelve ", "characters"));
        fx = GatewayFixture.start("""
                models:
                  - name: known
                    provider: openai
                    model: gpt-4o-mini
                    base-url: %1$s
                    api-key: sk-1
                  - name: unknown
                    provider: openai
                    model: some-local-model
                    base-url: %1$s
                    api-key: sk-1
                """.formatted(upstream.baseUrl()));
    }

    @AfterEach
    void stop() throws IOException {
        fx.close();
        upstream.close();
    }

    private void stream(String alias) {
        HttpResponse<String> res = fx.post("/v1/chat/completions", "{\"model\":\"" + alias + "\",\"stream\":true,"
                + "\"messages\":[{\"role\":\"user\",\"content\":\"count me please\"}]}");
        assertEquals(200, res.statusCode(), res.body());
    }

    @Test
    void should_count_a_streams_tokens_with_the_models_tokenizer_when_the_provider_sends_none() {
        stream("known");
        TokenCounter counter = TokenCounter.forModel("gpt-4o-mini").orElseThrow();
        assertEquals((double) counter.count("twelve characters"), tokens("known", "output"));
        assertEquals((double) (counter.count("count me please") + 6), tokens("known", "input"),
                "one message's text, its framing (3) and the reply's priming (3)");
    }

    @Test
    void should_estimate_a_streams_tokens_when_no_tokenizer_is_known() {
        stream("unknown");
        assertEquals(5.0, tokens("unknown", "output"), "17 characters -> 5 tokens at 4 a token, rounded up");
        assertEquals(4.0, tokens("unknown", "input"), "15 characters -> 4 tokens");
    }

    private double tokens(String alias, String type) {
        Matcher m = Pattern.compile("reprise_tokens_total\\{model=\"" + alias + "\",provider=\"openai\",type=\""
                + type + "\"} ([0-9.]+)").matcher(fx.get("/metrics").body());
        return m.find() ? Double.parseDouble(m.group(1)) : -1;
    }
}
