package dev.reprise.gateway.ledger;

import com.fasterxml.jackson.databind.JsonNode;
import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.http.StreamResponse;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.chat.completions.ChatCompletionStreamOptions;
import dev.reprise.gateway.Gateway;
import dev.reprise.gateway.GatewayFixture;
import dev.reprise.models.wire.WireJson;
import dev.reprise.testing.FakeUpstream;
import dev.reprise.testing.OpenAiReplies;
import dev.reprise.testing.TenantYaml;
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
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What the real gateway writes to the ledger for each kind of request, and what the admin API reads back:
 * answers from a fake OpenAI upstream (plain and streamed, with and without usage), fallbacks and errors.
 */
class LedgerEndToEndTest {

    static final String ADMIN = "Bearer adm-1";
    /** The upstream's answer, streamed in three pieces so that a stream reports 3 completion tokens too. */
    static final String ANSWER = "Hello there";
    private static final String[] PIECES = {"Hello", " ", "there"};
    static final Instant T0 = Instant.parse("2026-12-06T10:00:00Z");
    /** 11 prompt tokens at $1/M plus 3 completion tokens at $2/M. */
    static final double FAST_COST = 11e-6 + 6e-6;

    private final TestClock clock = new TestClock(T0);
    private FakeUpstream up;
    private FakeUpstream down;
    private GatewayFixture fx;
    private OpenAIClient client;

    static String yaml(String upUrl, String downUrl, String extra) {
        return TenantYaml.ACME_AND_GLOBEX + """
                admin:
                  key: adm-1
                models:
                  - name: fast
                    provider: openai
                    model: gpt-fast
                    base-url: %s
                    api-key: sk-up
                    price: { input: 1.0, output: 2.0 }
                  - name: flaky
                    provider: openai
                    model: gpt-flaky
                    base-url: %s
                    api-key: sk-up
                    retry: { max-attempts: 1 }
                    fallbacks: [fast]
                    price: { input: 5.0, output: 10.0 }
                  - name: broken
                    provider: openai
                    model: gpt-broken
                    base-url: %s
                    api-key: sk-up
                    retry: { max-attempts: 1 }
                ledger:
                  flush-interval: 1m
                %s""".formatted(upUrl, downUrl, downUrl, extra);
    }

    @BeforeEach
    void upstreams() throws IOException {
        up = new FakeUpstream();
        // A stream without usage when the prompt says no-usage, so the ledger estimates its tokens.
        up.answerEach(request -> !request.json().path("stream").asBoolean() ? OpenAiReplies.completion(ANSWER)
                : request.body().contains("no-usage") ? OpenAiReplies.streamWithoutUsage(PIECES)
                : OpenAiReplies.stream(PIECES));
        down = new FakeUpstream();
        down.answer(OpenAiReplies.error(500, "upstream broke", Map.of()));
    }

    @AfterEach
    void stop() {
        if (client != null) {
            client.close();
        }
        if (fx != null) {
            fx.close();
        }
        up.close();
        down.close();
    }

    private void start(String extra) {
        fx = GatewayFixture.start(GatewayFixture.config(yaml(up.baseUrl() + "/v1", down.baseUrl() + "/v1", extra)),
                Gateway.Options.defaults().withClock(clock));
    }

    private HttpResponse<String> ask(String tenantKey, String model, String text) {
        return fx.post("/v1/chat/completions", GatewayFixture.chat(model, text), "Authorization", "Bearer " + tenantKey);
    }

    private OpenAIClient sdk() {
        client = OpenAIOkHttpClient.builder().baseUrl(fx.gateway.url() + "/v1").apiKey("sk-acme").maxRetries(0)
                .build();
        return client;
    }

    private JsonNode admin(String pathAndQuery) {
        HttpResponse<String> res = fx.get(pathAndQuery, "Authorization", ADMIN);
        assertEquals(200, res.statusCode(), pathAndQuery + ": " + res.body());
        return json(res.body());
    }

    static JsonNode json(String body) {
        try {
            return WireJson.mapper().readTree(body);
        } catch (IOException e) {
            throw new AssertionError(body, e);
        }
    }

    /**
     * The ledger's rows once {@code n} requests have settled. A stream settles when its upstream ends, which may
     * be just after the client read its last byte, so this polls, with a deadline.
     */
    private List<JsonNode> rows(int n) {
        UsageLedger ledger = fx.gateway.ledger().orElseThrow();
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (true) {
            ledger.flush();
            List<JsonNode> rows = new ArrayList<>();
            admin("/admin/requests?from=0&to=" + far() + "&limit=500").get("data").forEach(rows::add);
            if (rows.size() >= n || System.nanoTime() > deadline) {
                assertEquals(n, rows.size(), rows.toString());
                return rows;
            }
            java.util.concurrent.locks.LockSupport.parkNanos(Duration.ofMillis(20).toNanos()); // between polls, not a timing
        }
    }

    private String far() {
        return clock.instant().plus(Duration.ofDays(30)).toString();
    }

    @Test
    void should_record_a_plain_answer_with_the_provider_counted_tokens_and_its_cost() {
        start("");
        ChatCompletion answer = sdk().chat().completions().create(ChatCompletionCreateParams.builder()
                .model("fast").addUserMessage("What is the refund policy?").build());
        assertEquals(ANSWER, answer.choices().getFirst().message().content().orElseThrow());

        JsonNode row = rows(1).getFirst();
        assertEquals(T0.toString(), row.get("time").asText());
        assertEquals("acme", row.get("tenant").asText());
        assertEquals("acme", row.get("key_id").asText());
        assertEquals("fast", row.get("model").asText());
        assertEquals("fast", row.get("requested_model").asText());
        assertEquals("openai", row.get("provider").asText());
        assertEquals("fast#0", row.get("deployment").asText());
        assertEquals(1, row.get("attempts").asInt());
        assertEquals("none", row.get("tier").asText(), "the cache is off");
        assertEquals(200, row.get("status").asInt());
        assertTrue(row.get("error_code").isNull());
        assertEquals(11, row.get("input_tokens").asLong());
        assertEquals(3, row.get("output_tokens").asLong());
        assertFalse(row.get("tokens_estimated").asBoolean());
        assertEquals(FAST_COST, row.get("cost_usd").asDouble(), 1e-12);
        assertEquals(0.0, row.get("saved_usd").asDouble());
        assertFalse(row.get("stream").asBoolean());
        assertTrue(row.get("fallback_to").isNull());
        assertFalse(row.has("prompt"), "text is not stored by default");
    }

    @Test
    void should_record_streams_with_the_providers_usage_or_an_estimate_marked_so() {
        start("");
        OpenAIClient sdk = sdk();
        for (String text : List.of("Stream with usage please", "Stream no-usage please")) {
            ChatCompletionCreateParams params = ChatCompletionCreateParams.builder().model("fast")
                    .addUserMessage(text)
                    .streamOptions(ChatCompletionStreamOptions.builder().includeUsage(true).build()).build();
            StringBuilder got = new StringBuilder();
            try (StreamResponse<ChatCompletionChunk> stream = sdk.chat().completions().createStreaming(params)) {
                stream.stream().forEach(c -> c.choices().forEach(ch -> ch.delta().content().ifPresent(got::append)));
            }
            assertEquals(ANSWER, got.toString());
        }

        List<JsonNode> rows = rows(2);
        JsonNode counted = rows.stream().filter(r -> !r.get("tokens_estimated").asBoolean()).findFirst().orElseThrow();
        JsonNode estimated = rows.stream().filter(r -> r.get("tokens_estimated").asBoolean()).findFirst().orElseThrow();
        for (JsonNode r : rows) {
            assertTrue(r.get("stream").asBoolean());
            assertEquals("fast#0", r.get("deployment").asText());
            assertFalse(r.get("ttft_ms").isNull(), "a stream has a time to first token: " + r);
        }
        assertEquals(11, counted.get("input_tokens").asLong());
        assertEquals(3, counted.get("output_tokens").asLong());
        assertEquals(FAST_COST, counted.get("cost_usd").asDouble(), 1e-12);
        // No usage: about four characters a token, rounded up ("Stream no-usage please" is 22, "Hello there" 11).
        assertEquals(6, estimated.get("input_tokens").asLong());
        assertEquals(3, estimated.get("output_tokens").asLong());
        assertEquals(6e-6 + 6e-6, estimated.get("cost_usd").asDouble(), 1e-12);
    }

    @Test
    void should_record_what_a_cache_hit_saved_at_no_cost_of_its_own() {
        start("cache:\n  similarity-threshold: 0.95\n");
        assertEquals(200, ask("sk-acme", "fast", "How do I reset my password?").statusCode());
        assertTrue(fx.gateway.cache().orElseThrow().awaitPendingWrites(Duration.ofSeconds(30)));
        HttpResponse<String> hit = ask("sk-acme", "fast", "How do I reset my password?");
        assertEquals("hit-exact", hit.headers().firstValue("x-reprise-cache").orElseThrow());
        ask("sk-acme", "fast", "How can I reset my password?");

        List<JsonNode> rows = rows(3);
        JsonNode hitRow = rows.stream().filter(r -> r.get("tier").asText().equals("hit-exact")).findFirst().orElseThrow();
        assertEquals("cache", hitRow.get("deployment").asText());
        assertEquals("cache", hitRow.get("provider").asText());
        assertEquals(0.0, hitRow.get("cost_usd").asDouble());
        assertEquals(FAST_COST, hitRow.get("saved_usd").asDouble(), 1e-12);
        assertEquals(0, hitRow.get("input_tokens").asLong());
        assertFalse(hitRow.get("entry").isNull());

        JsonNode byTier = admin("/admin/usage?from=0&to=" + far() + "&group_by=tier");
        JsonNode exact = find(byTier, "hit-exact");
        assertEquals(1, exact.get("requests").asLong());
        assertEquals(1, exact.get("cache_hits").asLong());
        assertEquals(1, exact.get("exact_hits").asLong());
        assertEquals(FAST_COST, exact.get("saved_usd").asDouble(), 1e-12);

        // The paraphrase reached the semantic tier: its best similarity is in the histogram.
        JsonNode histogram = admin("/admin/usage/similarity?from=0&to=" + far() + "&bins=10");
        long lookups = histogram.get("lookups").asLong();
        assertTrue(lookups >= 1, histogram.toString());
        long binned = 0;
        for (JsonNode bin : histogram.get("bins")) {
            binned += bin.get("count").asLong();
        }
        assertEquals(lookups, binned);
        assertEquals(10, histogram.get("bins").size());
        assertEquals(1.0, histogram.get("bins").get(9).get("to").asDouble(), 1e-9);
        assertEquals(0.95, histogram.get("thresholds").get("fast").asDouble(), 1e-9);
    }

    @Test
    void should_record_a_fallback_with_where_from_where_to_and_why() {
        start("");
        assertEquals(200, ask("sk-globex", "flaky", "Where is my parcel?").statusCode());
        ask("sk-globex", "fast", "Where else is my parcel?");

        List<JsonNode> fell = new ArrayList<>();
        rows(2);
        admin("/admin/requests?from=0&to=" + far() + "&fallback=true").get("data").forEach(fell::add);
        assertEquals(1, fell.size(), fell.toString());
        JsonNode row = fell.getFirst();
        assertEquals("flaky", row.get("fallback_from").asText());
        assertEquals("fast", row.get("fallback_to").asText());
        assertFalse(row.get("fallback_reason").asText().isBlank(), row.toString());
        assertEquals("fast#0", row.get("deployment").asText());
        assertEquals(2, row.get("attempts").asInt());
        assertEquals(FAST_COST, row.get("cost_usd").asDouble(), 1e-12, "costed at the deployment that served");
        assertEquals(1, admin("/admin/requests?from=0&to=" + far() + "&fallback=false").get("data").size());

        JsonNode usage = admin("/admin/usage?from=0&to=" + far() + "&group_by=tenant");
        assertEquals(1, find(usage, "globex").get("fallbacks").asLong());
        assertEquals(2, find(usage, "globex").get("requests").asLong());
    }

    @Test
    void should_record_an_error_at_no_cost() {
        start("");
        assertEquals(502, ask("sk-acme", "broken", "Anything?").statusCode());
        ask("sk-acme", "fast", "Anything else?");

        rows(2);
        JsonNode errors = admin("/admin/requests?from=0&to=" + far() + "&status=error");
        assertEquals(1, errors.get("data").size());
        JsonNode row = errors.get("data").get(0);
        assertEquals(502, row.get("status").asInt());
        assertFalse(row.get("error_code").isNull(), row.toString());
        assertEquals(0.0, row.get("cost_usd").asDouble());
        assertEquals(1, admin("/admin/requests?from=0&to=" + far() + "&status=502").get("data").size());
        assertEquals(1, admin("/admin/requests?from=0&to=" + far() + "&status=ok").get("data").size());

        JsonNode usage = admin("/admin/usage?from=0&to=" + far() + "&group_by=model");
        assertEquals(1, find(usage, "broken").get("errors").asLong());
        assertEquals(0, find(usage, "fast").get("errors").asLong());
    }

    @Test
    void should_count_the_attempts_of_a_stream_that_failed_before_its_first_token() {
        start("");
        HttpResponse<String> res = fx.post("/v1/chat/completions",
                "{\"model\":\"broken\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"Hi?\"}]}",
                "Authorization", "Bearer sk-acme");
        assertEquals("1", res.headers().firstValue("x-reprise-attempts").orElse(null), res.headers().toString());

        JsonNode row = rows(1).getFirst();
        assertEquals("broken", row.get("model").asText(), row.toString());
        assertFalse(row.get("error_code").isNull(), row.toString());
        assertEquals(1, row.get("attempts").asInt(), "the failed attempt is counted: " + row);
    }

    static JsonNode find(JsonNode usage, String group) {
        for (JsonNode row : usage.get("data")) {
            if (row.get("group").asText().equals(group)) {
                return row;
            }
        }
        throw new AssertionError("no group " + group + " in " + usage);
    }

    static JsonNode find(JsonNode usage, String group, String subgroup) {
        for (JsonNode row : usage.get("data")) {
            if (row.get("group").asText().equals(group) && row.get("subgroup").asText().equals(subgroup)) {
                return row;
            }
        }
        throw new AssertionError("no group " + group + "/" + subgroup + " in " + usage);
    }
}
