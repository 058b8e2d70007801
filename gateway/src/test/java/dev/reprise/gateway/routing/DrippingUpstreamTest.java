package dev.reprise.gateway.routing;

import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import dev.reprise.gateway.GatewayFixture;
import dev.reprise.testing.FakeUpstream;
import dev.reprise.testing.OpenAiReplies;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A primary that sends its answer's headers, then a space at a time and never the answer (an upstream keeping a hung
 * request's connection warm): the deployment's {@code timeout} bounds the whole answer, not each silence, so the
 * request falls back instead of waiting for as long as the drip lasts.
 */
class DrippingUpstreamTest {

    private FakeUpstream primary;
    private FakeUpstream backup;
    private GatewayFixture fixture;
    private OpenAIClient client;

    @BeforeEach
    void start() throws IOException {
        primary = new FakeUpstream();
        primary.answer(FakeUpstream.silent("application/json"));
        backup = new FakeUpstream();
        backup.answer(OpenAiReplies.completion("from the backup"));
        fixture = GatewayFixture.start("""
                models:
                  - name: primary
                    provider: openai
                    model: gpt-a
                    base-url: %s/v1
                    api-key: sk-a
                    timeout: 500ms
                    retry: { max-attempts: 1 }
                    fallbacks: [backup]
                  - name: backup
                    provider: openai
                    model: gpt-b
                    base-url: %s/v1
                    api-key: sk-b
                """.formatted(primary.baseUrl(), backup.baseUrl()));
        client = OpenAIOkHttpClient.builder()
                .baseUrl("http://127.0.0.1:" + fixture.port() + "/v1")
                .apiKey("sk-anything")
                .maxRetries(0)
                .build();
    }

    @AfterEach
    void stop() {
        client.close();
        fixture.close();
        primary.close();
        backup.close();
    }

    @Test
    void should_fall_back_when_a_whole_answer_drips_past_the_timeout() throws InterruptedException {
        ChatCompletion completion = client.chat().completions().create(ChatCompletionCreateParams.builder()
                .model("primary").addUserMessage("hello").build());

        assertEquals("from the backup", completion.choices().get(0).message().content().orElseThrow());
        assertTrue(primary.awaitDisconnect(java.time.Duration.ofSeconds(5)),
                "the primary's connection was closed, not left dripping");
        String metrics = fixture.get("/metrics").body();
        assertTrue(metrics.lines().anyMatch(l -> l.startsWith("reprise_upstream_attempts_total{")
                && l.contains("model=\"primary\"") && l.contains("result=\"timeout\"")), metrics);
    }
}
