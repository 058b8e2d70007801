package dev.reprise.gateway.budget;

import com.fasterxml.jackson.databind.JsonNode;
import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.http.StreamResponse;
import com.openai.errors.RateLimitException;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import dev.reprise.gateway.Gateway;
import dev.reprise.gateway.GatewayFixture;
import dev.reprise.gateway.LogCapture;
import dev.reprise.gateway.config.GatewayConfig;
import dev.reprise.models.wire.WireJson;
import dev.reprise.testing.FakeUpstream;
import dev.reprise.testing.OpenAiReplies;
import dev.reprise.testing.TestClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.OutputStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.logging.Level;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Dollar budgets on the real gateway: a fake OpenAI upstream reports 1,000 prompt tokens for every answer, which at
 * the catalogue's $250 per million input tokens costs exactly $0.25, so a $1 budget allows four answers. The ledger
 * is a real SQLite file and the clock is moved by hand.
 */
class BudgetEndToEndTest {

    private static final String ADMIN = "Bearer adm-1";
    /** A Thursday, two hours before midnight UTC. */
    private static final Instant T0 = Instant.parse("2026-12-03T22:00:00Z");
    private static final double COST = 0.25;

    private final TestClock clock = new TestClock(T0);
    private FakeUpstream up;
    private GatewayFixture fx;
    private OpenAIClient client;

    @TempDir
    Path dir;

    @BeforeEach
    void upstream() throws IOException {
        up = new FakeUpstream();
        up.answer(OpenAiReplies.completion("answer", 1000, 0));
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
    }

    private String yaml(String budgets) {
        return """
                keys:
                  - { id: app, key: sk-app, tenant: acme, budget: { usd: 1, period: day, soft-limit: 0.5 } }
                  - { id: ops, key: sk-ops, tenant: acme }
                  - { id: other, key: sk-other, tenant: globex }
                admin:
                  key: adm-1
                models:
                  - name: chat
                    provider: openai
                    model: gpt-chat
                    base-url: %s
                    api-key: sk-up
                    price: { input: 250, output: 0 }
                  - name: dear
                    provider: openai
                    model: gpt-dear
                    base-url: %s
                    api-key: sk-up
                    price: { input: 250, output: 0 }
                ledger:
                  flush-interval: 1m
                %s""".formatted(up.baseUrl() + "/v1", up.baseUrl() + "/v1", budgets);
    }

    private GatewayConfig config(String budgets) {
        return GatewayFixture.config(yaml(budgets));
    }

    private void start(String budgets) {
        fx = GatewayFixture.start(config(budgets), Gateway.Options.defaults().withClock(clock));
    }

    private HttpResponse<String> ask(String key, String model, String text) {
        return fx.post("/v1/chat/completions", GatewayFixture.chat(model, text), "Authorization", "Bearer " + key);
    }

    private HttpResponse<String> ok(String key, String model) {
        HttpResponse<String> res = ask(key, model, "What does it cost?");
        assertEquals(200, res.statusCode(), res.body());
        return res;
    }

    private static String warning(HttpResponse<String> res) {
        return res.headers().firstValue(BudgetStage.WARNING_HEADER).orElse(null);
    }

    private JsonNode budgets() {
        HttpResponse<String> res = fx.get("/admin/budgets", "Authorization", ADMIN);
        assertEquals(200, res.statusCode(), res.body());
        return json(res.body());
    }

    private JsonNode budget(String scope, String id) {
        for (JsonNode n : budgets().path("data")) {
            if (n.path("scope").asText().equals(scope) && n.path("id").asText().equals(id)) {
                return n;
            }
        }
        throw new AssertionError("no " + scope + " budget " + id + " in " + budgets());
    }

    private static JsonNode json(String body) {
        try {
            return WireJson.mapper().readTree(body);
        } catch (IOException e) {
            throw new AssertionError(body, e);
        }
    }

    /** Asserts a 429 budget_exceeded naming the scope, with Retry-After up to the period's end. */
    private static void assertRefused(HttpResponse<String> res, String scope, String id, long retryAfterSeconds) {
        assertEquals(429, res.statusCode(), res.body());
        JsonNode error = json(res.body()).path("error");
        assertEquals("budget_exceeded", error.path("code").asText(), res.body());
        assertEquals("insufficient_quota", error.path("type").asText(), res.body());
        assertTrue(error.path("message").asText().startsWith("The " + scope + " '" + id + "' has spent its budget"),
                res.body());
        assertEquals(String.valueOf(retryAfterSeconds), res.headers().firstValue("retry-after").orElse(null));
    }

    @Test
    void should_refuse_a_key_at_its_dollar_budget_until_midnight_utc_and_warn_from_its_soft_limit() {
        start("");
        assertEquals(null, warning(ok("sk-app", "chat")), "$0 of $1 spent");
        assertEquals(null, warning(ok("sk-app", "chat")), "$0.25 of $1 spent");
        assertEquals("key=app; share=0.50; usd=1; period=day", warning(ok("sk-app", "chat")));
        assertEquals("key=app; share=0.75; usd=1; period=day", warning(ok("sk-app", "chat")));

        HttpResponse<String> refused = ask("sk-app", "chat", "What does it cost?");
        assertRefused(refused, "key", "app", Duration.ofHours(2).toSeconds());
        assertTrue(refused.body().contains("$1 per day"), refused.body());
        assertEquals(4, up.requests().size(), "a refused request never reaches the upstream");
        assertEquals(200, ok("sk-ops", "chat").statusCode(), "another key of the tenant has no budget of its own");

        JsonNode app = budget("key", "app");
        assertEquals(1.0, app.path("limit_usd").asDouble());
        assertEquals("day", app.path("period").asText());
        assertEquals(4 * COST, app.path("spent_usd").asDouble(), 1e-12);
        assertEquals(1.0, app.path("share").asDouble(), 1e-12);
        assertEquals("exceeded", app.path("state").asText());
        assertEquals("2026-12-04T00:00:00Z", app.path("resets_at").asText());

        String metrics = fx.get("/metrics").body();
        assertTrue(metrics.contains("reprise_budget_refused_total{id=\"app\",scope=\"key\"} 1.0"), metrics);
        assertTrue(metrics.contains("reprise_budget_warnings_total{id=\"app\",scope=\"key\"} 2.0"), metrics);
        assertTrue(metrics.contains("reprise_budget_spent_usd{id=\"app\",period=\"day\",scope=\"key\"} 1.0"), metrics);

        clock.advance(Duration.ofHours(2));
        assertEquals(null, warning(ok("sk-app", "chat")), "a new UTC day starts from nothing");
        assertEquals(COST, budget("key", "app").path("spent_usd").asDouble(), 1e-12);
    }

    @Test
    void should_refuse_through_the_openai_sdk_as_a_rate_limit() {
        start("");
        for (int i = 0; i < 4; i++) {
            ok("sk-app", "chat");
        }
        client = OpenAIOkHttpClient.builder().baseUrl(fx.gateway.url() + "/v1").apiKey("sk-app").maxRetries(0).build();
        RateLimitException e = assertThrows(RateLimitException.class, () -> client.chat().completions()
                .create(ChatCompletionCreateParams.builder().model("chat").addUserMessage("One more?").build()));
        assertEquals(429, e.statusCode());
        assertEquals("budget_exceeded", e.code().orElseThrow());
    }

    @Test
    void should_hold_all_keys_of_a_tenant_to_its_monthly_budget_across_the_month_end() {
        clock.advance(Duration.between(T0, Instant.parse("2026-12-31T23:00:00Z")));
        start("budgets:\n  tenants:\n    acme: { usd: 0.3, period: month }\n");
        assertEquals(null, warning(ok("sk-app", "chat")));
        assertEquals("tenant=acme; share=0.83; usd=0.3; period=month", warning(ok("sk-ops", "chat")),
                "past the default soft limit of 80%");
        assertRefused(ask("sk-app", "chat", "more"), "tenant", "acme", Duration.ofHours(1).toSeconds());
        assertRefused(ask("sk-ops", "chat", "more"), "tenant", "acme", Duration.ofHours(1).toSeconds());
        ok("sk-other", "chat");

        clock.advance(Duration.ofHours(1));
        assertEquals(null, warning(ok("sk-app", "chat")), "January starts from nothing");
        assertEquals(COST, budget("tenant", "acme").path("spent_usd").asDouble(), 1e-12);
        assertEquals("2027-02-01T00:00:00Z", budget("tenant", "acme").path("resets_at").asText());
    }

    @Test
    void should_hold_every_caller_of_an_alias_to_its_weekly_budget() {
        start("budgets:\n  aliases:\n    dear: { usd: 0.5, period: week, soft-limit: 0.4 }\n");
        ok("sk-ops", "dear");
        assertEquals("alias=dear; share=0.50; usd=0.5; period=week", warning(ok("sk-other", "dear")));
        // Thursday 22:00 to Monday 00:00.
        long toMonday = Duration.ofDays(3).plusHours(2).toSeconds();
        assertRefused(ask("sk-ops", "dear", "more"), "alias", "dear", toMonday);
        assertRefused(ask("sk-other", "dear", "more"), "alias", "dear", toMonday);
        assertEquals(null, warning(ok("sk-other", "chat")), "another alias is not held to it");
        assertEquals(2 * COST, budget("alias", "dear").path("spent_usd").asDouble(), 1e-12);
    }

    @Test
    void should_name_the_budget_that_resets_last_when_several_are_spent() {
        start("budgets:\n  tenants:\n    acme: { usd: 1, period: week }\n");
        for (int i = 0; i < 4; i++) {
            ok("sk-app", "chat");
        }
        // The key's day budget and the tenant's week budget are both spent: only Monday lets a request through.
        assertRefused(ask("sk-app", "chat", "more"), "tenant", "acme", Duration.ofDays(3).plusHours(2).toSeconds());
        assertEquals("exceeded", budget("key", "app").path("state").asText());
    }

    @Test
    void should_keep_the_spend_of_the_period_across_a_restart() {
        GatewayConfig config = config("").withDataDir(dir.resolve("data"));
        fx = GatewayFixture.startIn(config, Gateway.Options.defaults().withClock(clock));
        ok("sk-app", "chat");
        ok("sk-app", "chat");
        ok("sk-app", "chat");
        fx.close();

        fx = GatewayFixture.startIn(config, Gateway.Options.defaults().withClock(clock));
        assertEquals(3 * COST, budget("key", "app").path("spent_usd").asDouble(), 1e-12);
        assertEquals("key=app; share=0.75; usd=1; period=day", warning(ok("sk-app", "chat")));
        assertRefused(ask("sk-app", "chat", "more"), "key", "app", Duration.ofHours(2).toSeconds());
        fx.close();

        clock.advance(Duration.ofDays(1));
        fx = GatewayFixture.startIn(config, Gateway.Options.defaults().withClock(clock));
        assertEquals(0.0, budget("key", "app").path("spent_usd").asDouble(), "yesterday's spend is not today's");
        ok("sk-app", "chat");
    }

    @Test
    void should_count_in_memory_only_and_say_so_when_the_ledger_is_off() {
        GatewayConfig config = config("").withDataDir(dir.resolve("data"));
        config = config.withLedger(config.ledger().withEnabled(false));
        try (LogCapture log = LogCapture.of("dev.reprise.gateway")) {
            fx = GatewayFixture.startIn(config, Gateway.Options.defaults().withClock(clock));
            assertEquals(1, log.at(Level.WARNING, "the usage ledger is off").size(), log.lines().toString());
        }
        for (int i = 0; i < 4; i++) {
            ok("sk-app", "chat");
        }
        assertRefused(ask("sk-app", "chat", "more"), "key", "app", Duration.ofHours(2).toSeconds());
        fx.close();

        fx = GatewayFixture.startIn(config, Gateway.Options.defaults().withClock(clock));
        assertEquals(0.0, budget("key", "app").path("spent_usd").asDouble(), "a restart forgets what memory held");
        ok("sk-app", "chat");
    }

    @Test
    void should_hold_a_stored_key_to_the_budget_it_was_given_through_the_admin_api() {
        start("key-store:\n  enabled: true\n");
        HttpResponse<String> created = fx.post("/admin/keys", "{\"name\":\"bot\",\"tenant\":\"acme\","
                + "\"budget\":{\"usd\":0.5,\"period\":\"day\"}}", "Authorization", ADMIN);
        assertEquals(201, created.statusCode(), created.body());
        String id = json(created.body()).path("id").asText();
        String secret = json(created.body()).path("key").asText();
        ok(secret, "chat");
        ok(secret, "chat");
        assertRefused(ask(secret, "chat", "more"), "key", id, Duration.ofHours(2).toSeconds());

        JsonNode key = json(fx.get("/admin/keys/" + id, "Authorization", ADMIN).body());
        assertEquals(2 * COST, key.path("spend").path("usd").asDouble(), 1e-12, key.toString());
        assertEquals("exceeded", budget("key", id).path("state").asText());

        HttpResponse<String> patched = fx.send(java.net.http.HttpRequest.newBuilder(fx.uri("/admin/keys/" + id))
                .header("Authorization", ADMIN).header("Content-Type", "application/json")
                .method("PATCH", java.net.http.HttpRequest.BodyPublishers.ofString("{\"budget\":{\"usd\":1,"
                        + "\"period\":\"day\"}}")).build());
        assertEquals(200, patched.statusCode(), patched.body());
        ok(secret, "chat"); // a raised budget applies from the next request
        assertEquals(1.0, budget("key", id).path("limit_usd").asDouble());
        assertEquals(3 * COST, budget("key", id).path("spent_usd").asDouble(), 1e-12);
    }

    @Test
    void should_spend_nothing_on_a_cache_hit() {
        fx = GatewayFixture.start(GatewayFixture.config(yaml("cache:\n  similarity-threshold: 0.95\n")),
                Gateway.Options.defaults().withClock(clock));
        ok("sk-app", "chat");
        assertTrue(fx.gateway.cache().orElseThrow().awaitPendingWrites(Duration.ofSeconds(10)));
        for (int i = 0; i < 5; i++) {
            HttpResponse<String> hit = ok("sk-app", "chat");
            assertEquals("hit-exact", hit.headers().firstValue("x-reprise-cache").orElse(null));
        }
        assertEquals(1, up.requests().size());
        assertEquals(COST, budget("key", "app").path("spent_usd").asDouble(), 1e-12);
    }

    @Test
    void should_let_a_stream_in_flight_finish_when_the_budget_runs_out_and_refuse_the_next_request() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        up.answerEach(request -> request.json().path("stream").asBoolean()
                ? (exchange, upstream) -> heldStream(exchange.getResponseBody(), exchange, release)
                : OpenAiReplies.completion("answer", 1000, 0));
        start("budgets:\n  tenants:\n    acme: { usd: 0.5, period: day }\n");
        client = OpenAIOkHttpClient.builder().baseUrl(fx.gateway.url() + "/v1").apiKey("sk-ops").maxRetries(0).build();
        StringBuilder text = new StringBuilder();
        try (StreamResponse<ChatCompletionChunk> stream = client.chat().completions().createStreaming(
                ChatCompletionCreateParams.builder().model("chat").addUserMessage("Tell me a story").build())) {
            Iterator<ChatCompletionChunk> chunks = stream.stream().iterator();
            while (!text.toString().contains("Once")) {
                chunks.next().choices().forEach(c -> c.delta().content().ifPresent(text::append));
            }
            // The tenant's budget runs out while the stream is in flight.
            ok("sk-app", "chat");
            ok("sk-app", "chat");
            assertRefused(ask("sk-app", "chat", "more"), "tenant", "acme", Duration.ofHours(2).toSeconds());

            release.countDown();
            chunks.forEachRemaining(chunk -> chunk.choices().forEach(c -> c.delta().content().ifPresent(text::append)));
        }
        assertEquals("Once upon a time", text.toString(), "the stream finished");
        // The stream settled before its end reached the client, so its cost is already counted.
        assertEquals(3 * COST, budget("tenant", "acme").path("spent_usd").asDouble(), 1e-12);
        assertRefused(ask("sk-ops", "chat", "more"), "tenant", "acme", Duration.ofHours(2).toSeconds());
    }

    /** An SSE answer whose first piece is sent at once and the rest once {@code release} opens; usage $0.25. */
    private static void heldStream(OutputStream out, com.sun.net.httpserver.HttpExchange exchange,
                                   CountDownLatch release) throws IOException, InterruptedException {
        exchange.getResponseHeaders().set("Content-Type", "text/event-stream");
        exchange.sendResponseHeaders(200, 0);
        String head = "{\"id\":\"chatcmpl-up\",\"object\":\"chat.completion.chunk\",\"created\":1700000000,"
                + "\"model\":\"gpt-chat\",";
        event(out, head + "\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":\"Once\"},"
                + "\"finish_reason\":null}]}");
        assertTrue(release.await(30, TimeUnit.SECONDS));
        event(out, head + "\"choices\":[{\"index\":0,\"delta\":{\"content\":\" upon a time\"},\"finish_reason\":null}]}");
        event(out, head + "\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"stop\"}]}");
        event(out, head + "\"choices\":[],\"usage\":{\"prompt_tokens\":1000,\"completion_tokens\":0,"
                + "\"total_tokens\":1000}}");
        event(out, "[DONE]");
    }

    private static void event(OutputStream out, String data) throws IOException {
        out.write(("data: " + data + "\n\n").getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    @Test
    void should_apply_an_edited_budgets_section_without_a_restart() throws Exception {
        Path file = dir.resolve("reprise.yaml");
        Files.writeString(file, yaml("budgets:\n  tenants:\n    acme: { usd: 10, period: day }\n"));
        fx = GatewayFixture.start(GatewayFixture.config(Files.readString(file)),
                Gateway.Options.defaults().withClock(clock).watching(file, Duration.ofMillis(50)));
        ok("sk-ops", "chat");
        assertEquals(null, warning(ok("sk-ops", "chat")));

        Files.writeString(file, yaml("budgets:\n  tenants:\n    acme: { usd: 0.5, period: day }\n"));
        awaitTenantLimit("acme", 0.5);
        assertRefused(ask("sk-ops", "chat", "more"), "tenant", "acme", Duration.ofHours(2).toSeconds());
        assertEquals(2 * COST, budget("tenant", "acme").path("spent_usd").asDouble(), 1e-12, "spend is kept");

        Files.writeString(file, yaml(""));
        awaitNoTenantBudgets();
        ok("sk-ops", "chat");
    }

    /** The watcher polls the file: wait, with a deadline, for the running gateway to show the edit. */
    private void awaitTenantLimit(String tenant, double usd) {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (budget("tenant", tenant).path("limit_usd").asDouble() != usd) {
            assertTrue(System.nanoTime() < deadline, "the edit was not applied: " + budgets());
            LockSupport.parkNanos(Duration.ofMillis(20).toNanos());
        }
    }

    private void awaitNoTenantBudgets() {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (budgets().toString().contains("\"tenant\"")) {
            assertTrue(System.nanoTime() < deadline, "the edit was not applied: " + budgets());
            LockSupport.parkNanos(Duration.ofMillis(20).toNanos());
        }
    }

    @Test
    void should_guard_the_budget_list_with_the_admin_key() {
        start("");
        assertEquals(401, fx.get("/admin/budgets").statusCode());
        assertEquals(401, fx.get("/admin/budgets", "Authorization", "Bearer sk-app").statusCode());
        JsonNode list = budgets();
        assertEquals(1, list.path("data").size(), list.toString());
        assertEquals(0.5, list.path("data").path(0).path("soft_limit").asDouble());
        assertEquals("ok", list.path("data").path(0).path("state").asText());
        assertFalse(list.toString().contains("sk-app"), "never a secret");
    }
}
