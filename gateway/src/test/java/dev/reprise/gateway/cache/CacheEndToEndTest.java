package dev.reprise.gateway.cache;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.http.StreamResponse;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import dev.reprise.gateway.Gateway;
import dev.reprise.gateway.GatewayFixture;
import dev.reprise.models.wire.WireJson;
import dev.reprise.testing.TenantYaml;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The semantic cache through the real server: the real MiniLM model, a real Lucene index in a temp
 * folder, the mock provider behind a call counter, and plain HTTP plus the official OpenAI SDK as
 * clients. Each test asks its own questions, so tests sharing the server do not see each other's entries.
 */
class CacheEndToEndTest {

    static final String KEY_A = TenantYaml.TENANT_A_KEY;
    static final String KEY_B = TenantYaml.TENANT_B_KEY;
    static final String ADMIN = "admin-secret";

    static final String YAML = TenantYaml.TENANTS_A_B + """
            admin:
              key: admin-secret
            models:
              - name: mock
                provider: mock
                latency: 0ms
                price: { input: 1.0, output: 2.0 }
              - name: support
                provider: mock
                latency: 0ms
                cache-threshold: 0.80
              - name: lenient
                provider: mock
                latency: 0ms
                cache-threshold: 0.55
              - name: slow
                provider: mock
                latency: 400ms
            cache:
              similarity-threshold: 0.95
              commit-interval: 200ms
            """;

    static GatewayFixture fixture;
    static CountingProviders upstream;
    static ResponseCache cache;

    @BeforeAll
    static void start() {
        upstream = new CountingProviders();
        fixture = GatewayFixture.start(GatewayFixture.config(YAML),
                Gateway.Options.defaults().withProviderFactory(upstream));
        cache = fixture.gateway.cache().orElseThrow();
    }

    @AfterAll
    static void stop() {
        fixture.close();
    }

    // --- helpers -------------------------------------------------------------------------------------

    static ObjectNode body(String model, String userText) {
        ObjectNode body = WireJson.mapper().createObjectNode();
        body.put("model", model);
        ArrayNode messages = body.putArray("messages");
        messages.addObject().put("role", "user").put("content", userText);
        return body;
    }

    static ObjectNode withSystem(ObjectNode body, String system) {
        ArrayNode messages = (ArrayNode) body.get("messages");
        messages.insertObject(0).put("role", "system").put("content", system);
        return body;
    }

    static HttpResponse<String> ask(ObjectNode body, String key, String... headers) {
        List<String> all = new ArrayList<>(List.of("Authorization", "Bearer " + key));
        all.addAll(List.of(headers));
        HttpResponse<String> response = fixture.post("/v1/chat/completions", body.toString(), all.toArray(String[]::new));
        // Stores happen after the answer, off the response path: wait for them so the next ask sees them.
        assertTrue(cache.awaitPendingWrites(Duration.ofSeconds(10)), "cache writes did not finish");
        return response;
    }

    static HttpResponse<String> ask(String model, String text) {
        return ask(body(model, text), KEY_A);
    }

    static String cacheStatus(HttpResponse<String> r) {
        return r.headers().firstValue(CacheStatus.HEADER).orElse("(none)");
    }

    static String content(HttpResponse<String> r) {
        try {
            return WireJson.mapper().readTree(r.body()).path("choices").path(0).path("message").path("content").asText();
        } catch (Exception e) {
            throw new AssertionError("not JSON: " + r.body(), e);
        }
    }

    static JsonNode json(HttpResponse<String> r) {
        try {
            return WireJson.mapper().readTree(r.body());
        } catch (Exception e) {
            throw new AssertionError("not JSON: " + r.body(), e);
        }
    }

    // --- tiers ---------------------------------------------------------------------------------------

    @Test
    void should_answer_an_exact_repeat_from_the_exact_tier_without_calling_upstream() {
        HttpResponse<String> first = ask("mock", "What are your opening hours on Sunday?");
        int calls = upstream.calls("mock");
        HttpResponse<String> second = ask("mock", "What are your opening hours on Sunday?");

        assertEquals(200, first.statusCode(), first.body());
        assertEquals("miss", cacheStatus(first));
        assertEquals(200, second.statusCode(), second.body());
        assertEquals("hit-exact", cacheStatus(second));
        assertEquals(calls, upstream.calls("mock"), "a hit must not call the provider");
        assertEquals(content(first), content(second));
        assertNotEquals(json(first).path("id").asText(), json(second).path("id").asText(), "a hit gets a fresh id");
        assertTrue(second.headers().firstValue(CacheStatus.AGE_HEADER).isPresent());
        assertEquals("cache", second.headers().firstValue("x-reprise-provider").orElseThrow());
        assertTrue(second.headers().firstValue("x-request-id").isPresent());
    }

    @Test
    void should_hit_a_repeat_sent_the_moment_the_first_answer_arrived() {
        // No wait for the writer between the two: an answer on its way to the index already serves.
        String body = body("mock", "Is there a student discount?").toString();
        HttpResponse<String> first = fixture.post("/v1/chat/completions", body, "Authorization", "Bearer " + KEY_A);
        HttpResponse<String> second = fixture.post("/v1/chat/completions", body, "Authorization", "Bearer " + KEY_A);

        assertEquals("miss", cacheStatus(first));
        assertEquals("hit-exact", cacheStatus(second));
        assertEquals(content(first), content(second));
    }

    @Test
    void should_hit_when_only_case_and_punctuation_change() {
        ask("mock", "Where is my parcel?");
        HttpResponse<String> again = ask("mock", "  WHERE is my   parcel!!");

        assertEquals("hit-exact", cacheStatus(again), "normalisation makes this the same text");
    }

    @Test
    void should_hit_a_clear_paraphrase_at_the_alias_lower_threshold() {
        ask("support", "How do I reset my password?");
        int calls = upstream.calls("support");
        HttpResponse<String> paraphrase = ask("support", "How can I reset my password?");

        assertEquals("hit-semantic", cacheStatus(paraphrase), paraphrase.headers().map().toString());
        double similarity = Double.parseDouble(paraphrase.headers().firstValue(CacheStatus.SIMILARITY_HEADER).orElseThrow());
        assertTrue(similarity >= 0.80 && similarity < 1.0, "similarity " + similarity);
        assertEquals(calls, upstream.calls("support"));
    }

    @Test
    void should_miss_a_different_intent() {
        ask("support", "How do I change my delivery address?");
        HttpResponse<String> other = ask("support", "Can I get a refund for a damaged item?");

        assertEquals("miss", cacheStatus(other));
    }

    @Test
    void should_refuse_a_near_duplicate_whose_order_number_differs() {
        ask("lenient", "What is the status of order 1234?");
        // A dry run through the admin lookup first: the entry clears this alias's low threshold, but the
        // numbers guard says no.
        ObjectNode lookup = body("lenient", "What is the status of order 5678?");
        lookup.put("tenant", "tenant-a");
        JsonNode explained = json(fixture.post("/admin/cache/lookup", lookup.toString(), "Authorization", "Bearer " + ADMIN));
        HttpResponse<String> other = ask("lenient", "What is the status of order 5678?");

        assertEquals("miss", explained.path("decision").asText(), explained.toString());
        assertEquals("guard_numbers", explained.path("miss_reason").asText(), explained.toString());
        JsonNode top = explained.path("candidates").path(0);
        assertEquals("what is the status of order 1234", top.path("matched_text").asText(), explained.toString());
        assertTrue(top.path("similarity").asDouble() >= 0.55, explained.toString());
        assertFalse(top.path("would_hit").asBoolean());
        assertEquals("miss", cacheStatus(other));
        assertFalse(content(other).contains("1234"), "must not serve order 1234's answer");
    }

    @Test
    void should_never_share_an_entry_between_tenants() {
        ask(body("mock", "Do you ship to Norway?"), KEY_A);
        HttpResponse<String> b = ask(body("mock", "Do you ship to Norway?"), KEY_B);
        HttpResponse<String> aAgain = ask(body("mock", "Do you ship to Norway?"), KEY_A);

        assertEquals("miss", cacheStatus(b));
        assertEquals("hit-exact", cacheStatus(aAgain));
    }

    @Test
    void should_miss_under_another_system_prompt() {
        ask(withSystem(body("mock", "What is your return policy?"), "You are a terse assistant."), KEY_A);
        HttpResponse<String> other = ask(withSystem(body("mock", "What is your return policy?"), "You answer in French."), KEY_A);
        HttpResponse<String> same = ask(withSystem(body("mock", "What is your return policy?"), "You are a terse assistant."), KEY_A);

        assertEquals("miss", cacheStatus(other));
        assertEquals("hit-exact", cacheStatus(same));
    }

    // --- what is not cached --------------------------------------------------------------------------

    @Test
    void should_neither_look_up_nor_store_with_no_store() {
        HttpResponse<String> first = ask(body("mock", "Is the store open on holidays?"), KEY_A, "Cache-Control", "no-store");
        HttpResponse<String> second = ask(body("mock", "Is the store open on holidays?"), KEY_A);

        assertEquals("bypass", cacheStatus(first));
        assertEquals("no-store", first.headers().firstValue(CacheStatus.REASON_HEADER).orElseThrow());
        assertEquals("miss", cacheStatus(second), "a no-store answer must not have been stored");
    }

    @Test
    void should_skip_the_lookup_but_store_with_no_cache() {
        ask("mock", "Can I pay with PayPal?");
        int calls = upstream.calls("mock");
        HttpResponse<String> fresh = ask(body("mock", "Can I pay with PayPal?"), KEY_A, "Cache-Control", "no-cache");

        assertEquals("bypass", cacheStatus(fresh));
        assertEquals(calls + 1, upstream.calls("mock"), "no-cache must go upstream");
    }

    @Test
    void should_let_the_threshold_header_raise_but_never_lower_the_threshold() {
        ask("support", "How do I update my billing address?");
        HttpResponse<String> raised = ask(body("support", "How can I update my billing address?"), KEY_A,
                CacheKeyStage.THRESHOLD_HEADER, "0.9999");
        HttpResponse<String> lowered = ask(body("support", "What is the weather like today?"), KEY_A,
                CacheKeyStage.THRESHOLD_HEADER, "0.01");
        HttpResponse<String> bad = ask(body("support", "hello there"), KEY_A, CacheKeyStage.THRESHOLD_HEADER, "lots");

        assertEquals("miss", cacheStatus(raised), "a raised threshold must refuse a paraphrase");
        assertEquals("miss", cacheStatus(lowered), "a lowered threshold must be ignored");
        assertEquals(400, bad.statusCode());
        assertEquals(CacheKeyStage.THRESHOLD_HEADER, json(bad).path("error").path("param").asText());
    }

    @Test
    void should_not_cache_tool_calls_or_hot_temperatures() {
        ObjectNode tools = body("mock", "Look up the weather in Oslo");
        tools.putArray("tools").addObject().put("type", "function").putObject("function").put("name", "weather")
                .putObject("parameters").put("type", "object");
        tools.put("tool_choice", "required");
        ask(tools, KEY_A);
        HttpResponse<String> again = ask(tools.deepCopy(), KEY_A);
        ObjectNode hot = body("mock", "Write me a poem about the sea");
        hot.put("temperature", 1.5);
        HttpResponse<String> hotAnswer = ask(hot, KEY_A);

        assertEquals("miss", cacheStatus(again), "an answer with tool_calls must not be stored");
        assertEquals("bypass", cacheStatus(hotAnswer));
        assertEquals("temperature", hotAnswer.headers().firstValue(CacheStatus.REASON_HEADER).orElseThrow());
    }

    // --- streaming -----------------------------------------------------------------------------------

    @Test
    void should_replay_a_hit_as_sse_to_the_official_sdk_and_store_a_streamed_miss() {
        OpenAIClient client = OpenAIOkHttpClient.builder()
                .baseUrl("http://127.0.0.1:" + fixture.port() + "/v1").apiKey(KEY_A).maxRetries(0).build();
        try {
            ChatCompletionCreateParams params = ChatCompletionCreateParams.builder().model("mock")
                    .addUserMessage("How long does shipping to Canada take?").build();
            String streamedMiss = streamText(client, params);
            assertTrue(cache.awaitPendingWrites(Duration.ofSeconds(10)));
            int calls = upstream.calls("mock");

            String streamedHit = streamText(client, params);
            ChatCompletion whole = client.chat().completions().create(params);

            assertEquals(calls, upstream.calls("mock"), "both answers must come from the cache");
            assertEquals(streamedMiss, streamedHit);
            assertEquals(streamedMiss, whole.choices().get(0).message().content().orElseThrow());
        } finally {
            client.close();
        }
    }

    private static String streamText(OpenAIClient client, ChatCompletionCreateParams params) {
        StringBuilder text = new StringBuilder();
        boolean finished = false;
        try (StreamResponse<ChatCompletionChunk> stream = client.chat().completions().createStreaming(params)) {
            for (ChatCompletionChunk chunk : (Iterable<ChatCompletionChunk>) stream.stream()::iterator) {
                for (ChatCompletionChunk.Choice choice : chunk.choices()) {
                    choice.delta().content().ifPresent(text::append);
                    finished |= choice.finishReason().isPresent();
                }
            }
        }
        assertTrue(finished, "the stream must end with a finish reason");
        return text.toString();
    }

    // --- coalescing ----------------------------------------------------------------------------------

    @Test
    void should_make_one_upstream_call_for_twenty_concurrent_identical_misses() throws Exception {
        int before = upstream.calls("slow");
        List<Callable<HttpResponse<String>>> calls = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            calls.add(() -> fixture.post("/v1/chat/completions", body("slow", "Why was my card declined?").toString(),
                    "Authorization", "Bearer " + KEY_A));
        }
        List<HttpResponse<String>> answers = new ArrayList<>();
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            for (Future<HttpResponse<String>> f : pool.invokeAll(calls)) {
                answers.add(f.get());
            }
        }

        assertEquals(1, upstream.calls("slow") - before, "20 identical misses must share one upstream call");
        String expected = content(answers.get(0));
        for (HttpResponse<String> a : answers) {
            assertEquals(200, a.statusCode(), a.body());
            assertEquals(expected, content(a));
            // A request the scheduler starts only after the leader's answer was stored is an exact hit: the cache
            // answered it. Every other one waited for the leader's call and says who answered, like the leader.
            boolean hit = a.headers().firstValue(CacheStatus.HEADER).orElse("").startsWith("hit");
            assertEquals(hit ? "cache" : "mock", a.headers().firstValue("x-reprise-provider").orElse("(none)"),
                    "followers say who answered, like the leader");
        }
    }

    @Test
    void should_answer_a_paraphrase_from_the_call_already_asking_its_question() throws Exception {
        int before = upstream.calls("slow");
        List<HttpResponse<String>> both = askWhileInFlight("How should I update my billing address?",
                "How can I update my billing address?");

        HttpResponse<String> follower = both.get(1);
        assertEquals(200, follower.statusCode(), follower.body());
        assertEquals("meaning", follower.headers().firstValue(CoalesceStage.COALESCED_HEADER).orElse("(none)"));
        float similarity = Float.parseFloat(follower.headers().firstValue(CacheStatus.SIMILARITY_HEADER).orElseThrow());
        assertTrue(similarity >= 0.95f, "followed below the threshold: " + similarity);
        assertEquals(content(both.get(0)), content(follower));
        assertEquals(1, upstream.calls("slow") - before, "the paraphrase must wait for the call already made");
    }

    @Test
    void should_not_follow_a_call_for_another_order_number() throws Exception {
        int before = upstream.calls("slow");
        List<HttpResponse<String>> both = askWhileInFlight("Where is my parcel for order 48213?",
                "Where is my parcel for order 48231?");

        HttpResponse<String> other = both.get(1);
        assertEquals(200, other.statusCode(), other.body());
        assertEquals("(none)", other.headers().firstValue(CoalesceStage.COALESCED_HEADER).orElse("(none)"));
        assertEquals(200, both.get(0).statusCode());
        assertEquals(2, upstream.calls("slow") - before, "a different order number needs its own answer");
    }

    /** Asks {@code second} while {@code first} is on its way to the slow provider; returns both answers. */
    private static List<HttpResponse<String>> askWhileInFlight(String first, String second) throws Exception {
        int before = upstream.calls("slow");
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            Future<HttpResponse<String>> leader = pool.submit(() -> fixture.post("/v1/chat/completions",
                    body("slow", first).toString(), "Authorization", "Bearer " + KEY_A));
            for (int i = 0; i < 500 && upstream.calls("slow") == before; i++) {
                Thread.sleep(10);
            }
            assertEquals(before + 1, upstream.calls("slow"), "the first call never reached the provider");
            HttpResponse<String> later = fixture.post("/v1/chat/completions", body("slow", second).toString(),
                    "Authorization", "Bearer " + KEY_A);
            return List.of(leader.get(), later);
        }
    }

    @Test
    void should_not_hand_a_non_reusable_answer_to_coalesced_followers() throws Exception {
        // An answer with tool_calls is not reusable (cache.cache-tool-calls is off): each caller asks upstream.
        ObjectNode tools = body("slow", "Look up my last three orders");
        tools.putArray("tools").addObject().put("type", "function").putObject("function").put("name", "orders")
                .putObject("parameters").put("type", "object");
        tools.put("tool_choice", "required");
        int before = upstream.calls("slow");
        List<Callable<HttpResponse<String>>> calls = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            calls.add(() -> fixture.post("/v1/chat/completions", tools.toString(), "Authorization", "Bearer " + KEY_A));
        }
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            for (Future<HttpResponse<String>> f : pool.invokeAll(calls)) {
                assertEquals(200, f.get().statusCode());
            }
        }

        assertEquals(4, upstream.calls("slow") - before);
    }

    @Test
    void should_refuse_an_overflowing_ttl_header_with_a_400() {
        HttpResponse<String> r = ask(body("mock", "Do you deliver on Sundays?"), KEY_A,
                CacheKeyStage.TTL_HEADER, "999999999999999d");

        assertEquals(400, r.statusCode(), r.body());
        assertEquals(CacheKeyStage.TTL_HEADER, json(r).path("error").path("param").asText());
    }

    // --- metrics -------------------------------------------------------------------------------------

    @Test
    void should_expose_cache_metrics() {
        ask("mock", "Do you have gift cards?");
        ask("mock", "Do you have gift cards?");
        String metrics = fixture.get("/metrics").body();

        assertTrue(metrics.contains("reprise_cache_lookups_total{"), metrics);
        assertTrue(metrics.contains("tier=\"exact\""), metrics);
        assertTrue(metrics.contains("reprise_cache_similarity_bucket"), "top-1 similarity histogram");
        assertTrue(metrics.contains("reprise_cache_embedding_duration_seconds"), "embedding latency");
        assertTrue(metrics.contains("reprise_cache_entries"), "index entries");
        assertTrue(metrics.contains("reprise_cost_saved_usd_total"), "cost saved");
    }
}
