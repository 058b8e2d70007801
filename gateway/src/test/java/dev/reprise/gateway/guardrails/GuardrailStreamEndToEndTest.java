package dev.reprise.gateway.guardrails;

import com.fasterxml.jackson.databind.JsonNode;
import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.http.StreamResponse;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.chat.completions.ChatCompletionStreamOptions;
import dev.reprise.gateway.Gateway;
import dev.reprise.gateway.GatewayFixture;
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
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The PII guardrail on streamed answers, on the real gateway before a fake OpenAI upstream that streams its answer in
 * five-character pieces (so placeholders and values are cut across chunks): restore for the official SDK's streaming
 * client, scanning with the redacted text settled (ledger, cache), a cache hit replayed as a stream, SSE framing.
 */
class GuardrailStreamEndToEndTest {

    private static final String CARD = "4527 8301 9366 1028";
    private static final int PIECE = 5;
    /** The SDK's key: the same caller (and so the same cache namespace) as the SDK's requests. */
    private static final String[] AS_SDK = {"Authorization", "Bearer none"};

    private final TestClock clock = new TestClock(Instant.parse("2026-12-06T10:00:00Z"));
    private FakeUpstream upstream;
    private GatewayFixture fx;
    private OpenAIClient sdk;

    @BeforeEach
    void start() throws IOException {
        upstream = new FakeUpstream();
        // Echoes the prompt; the scanning alias's model gives out an address of its own first.
        upstream.answerEach(r -> {
            JsonNode messages = r.json().path("messages");
            String answer = (r.json().path("model").asText().equals("gpt-scan") ? "Write to help.desk@example.net. " : "")
                    + "You said: " + messages.get(messages.size() - 1).path("content").asText();
            return r.json().path("stream").asBoolean() ? OpenAiReplies.stream(pieces(answer))
                    : OpenAiReplies.completion(answer);
        });
        String url = upstream.baseUrl() + "/v1";
        fx = GatewayFixture.start(GatewayFixture.config("""
                admin:
                  key: adm-1
                guardrails:
                  pii: { action: redact, restore: true }
                models:
                  - { name: support, provider: openai, model: gpt-s, base-url: %1$s, api-key: sk-up }
                  - name: scanned
                    provider: openai
                    model: gpt-scan
                    base-url: %1$s
                    api-key: sk-up
                    guardrails: { pii: { scan-answers: true, cache: redacted } }
                ledger:
                  store-text: true
                """.formatted(url)), Gateway.Options.defaults().withClock(clock));
        sdk = OpenAIOkHttpClient.builder().baseUrl(fx.gateway.url() + "/v1").apiKey("none").maxRetries(0).build();
    }

    @AfterEach
    void stop() {
        sdk.close();
        fx.close();
        upstream.close();
    }

    private static String[] pieces(String text) {
        List<String> out = new ArrayList<>();
        for (int at = 0; at < text.length(); at += PIECE) {
            out.add(text.substring(at, Math.min(text.length(), at + PIECE)));
        }
        return out.toArray(String[]::new);
    }

    /** The text the SDK's streaming client assembles from the chunks. */
    private String streamWithSdk(String model, String prompt) {
        StringBuilder text = new StringBuilder();
        ChatCompletionCreateParams params = ChatCompletionCreateParams.builder().model(model).addUserMessage(prompt)
                .streamOptions(ChatCompletionStreamOptions.builder().includeUsage(true).build()).build();
        try (StreamResponse<ChatCompletionChunk> stream = sdk.chat().completions().createStreaming(params)) {
            stream.stream().forEach(c -> c.choices().forEach(ch -> ch.delta().content().ifPresent(text::append)));
        }
        awaitWrites();
        return text.toString();
    }

    private void awaitWrites() {
        assertTrue(fx.gateway.cache().orElseThrow().awaitPendingWrites(Duration.ofSeconds(10)));
    }

    private HttpResponse<String> streamRaw(String model, String prompt) {
        HttpResponse<String> r = fx.post("/v1/chat/completions", """
                {"model":"%s","stream":true,"stream_options":{"include_usage":true},
                 "messages":[{"role":"user","content":"%s"}]}""".formatted(model, prompt), AS_SDK);
        awaitWrites();
        return r;
    }

    /**
     * The SSE body's events: each one a JSON chunk of the same id, [DONE] last, the usage chunk just before it.
     * Returns the text of the content deltas.
     */
    private static String checkFraming(String body, int completionTokens) throws IOException {
        List<String> events = new ArrayList<>();
        for (String line : body.split("\n")) {
            if (line.startsWith("data: ")) {
                events.add(line.substring("data: ".length()));
            }
        }
        assertEquals("[DONE]", events.getLast(), body);
        StringBuilder text = new StringBuilder();
        List<JsonNode> chunks = new ArrayList<>();
        for (String e : events.subList(0, events.size() - 1)) {
            JsonNode chunk = WireJson.mapper().readTree(e);
            assertEquals("chat.completion.chunk", chunk.path("object").asText(), e);
            chunks.add(chunk);
            chunk.path("choices").forEach(c -> text.append(c.path("delta").path("content").asText("")));
        }
        assertEquals(1, chunks.stream().map(c -> c.path("id").asText()).distinct().count());
        JsonNode usage = chunks.getLast();
        assertEquals(0, usage.path("choices").size(), "usage comes last, alone");
        assertEquals(completionTokens, usage.path("usage").path("completion_tokens").asInt(), "usage untouched");
        assertEquals("stop", chunks.get(chunks.size() - 2).at("/choices/0/finish_reason").asText());
        return text.toString();
    }

    /** The ledger's rows as one text (prompts and answers). */
    private String ledgerRows() {
        fx.gateway.ledger().orElseThrow().flush();
        HttpResponse<String> r = fx.get("/admin/requests?from=0&to=2030-01-01T00:00:00Z&limit=100",
                "Authorization", "Bearer adm-1");
        assertEquals(200, r.statusCode(), r.body());
        return r.body();
    }

    @Test
    void should_restore_placeholders_cut_across_chunks_for_the_sdks_streaming_client_and_settle_them_redacted() {
        String prompt = "My card " + CARD + " was charged twice; refund " + CARD + " please";

        assertEquals("You said: " + prompt, streamWithSdk("support", prompt));

        String sent = upstream.lastRequest().body();
        assertTrue(sent.contains("My card [CARD_1] was charged twice; refund [CARD_1] please"), sent);
        String rows = ledgerRows();
        assertTrue(rows.contains("You said: My card [CARD_1] was charged twice; refund [CARD_1] please"), rows);
        assertFalse(rows.contains("9366"), rows);
    }

    @Test
    void should_redact_a_streamed_answer_before_it_settles_and_treat_its_cache_hit_replayed_as_a_stream_the_same()
            throws IOException {
        String prompt = "I am ana@example.com, who do I write to?";
        String expected = "Write to [EMAIL_2]. You said: " + prompt;

        assertEquals(expected, streamWithSdk("scanned", prompt),
                "the provider's own address is redacted; the caller's is restored");
        assertEquals(1, upstream.requests().size());
        String rows = ledgerRows();
        assertTrue(rows.contains("Write to [EMAIL_2]. You said: I am [EMAIL_1], who do I write to?"), rows);
        assertFalse(rows.contains("help.desk") || rows.contains("ana@"), rows);
        assertTrue(fx.get("/metrics").body().contains(
                "reprise_guardrail_findings_total{action=\"answer_redact\",type=\"email\"} 1.0"));

        HttpResponse<String> hit = streamRaw("scanned", prompt);
        assertEquals(200, hit.statusCode(), hit.body());
        assertEquals("hit-exact", hit.headers().firstValue("x-reprise-cache").orElseThrow());
        assertEquals(expected, checkFraming(hit.body(),
                pieces("Write to help.desk@example.net. You said: I am [EMAIL_1], who do I write to?").length), "the cache holds the redacted answer, restored as before");
        assertEquals(1, upstream.requests().size());

        HttpResponse<String> plain = fx.post("/v1/chat/completions", GatewayFixture.chat("scanned", prompt), AS_SDK);
        assertEquals("hit-exact", plain.headers().firstValue("x-reprise-cache").orElseThrow());
        assertEquals(expected, WireJson.mapper().readTree(plain.body()).at("/choices/0/message/content").asText());
    }

    @Test
    void should_keep_the_sse_framing_of_a_scanned_and_restored_live_stream() throws IOException {
        String prompt = "Card " + CARD + ", mail bo@example.org";
        HttpResponse<String> r = streamRaw("scanned", prompt);
        assertEquals(200, r.statusCode(), r.body());
        assertEquals("miss", r.headers().firstValue("x-reprise-cache").orElseThrow());
        String answer = "Write to help.desk@example.net. You said: Card [CARD_1], mail [EMAIL_1]";
        assertEquals("Write to [EMAIL_2]. You said: " + prompt, checkFraming(r.body(), pieces(answer).length));
        assertFalse(r.body().contains("help.desk"), r.body());
    }
}
