package dev.reprise.gateway.shadow;

import com.fasterxml.jackson.databind.JsonNode;
import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.http.StreamResponse;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import dev.reprise.gateway.Gateway;
import dev.reprise.gateway.GatewayFixture;
import dev.reprise.gateway.config.GatewayConfig;
import dev.reprise.gateway.ledger.UsageLedger;
import dev.reprise.models.wire.WireJson;
import dev.reprise.testing.FakeUpstream;
import dev.reprise.testing.OpenAiReplies;
import dev.reprise.testing.TenantYaml;
import dev.reprise.testing.TestClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Shadow traffic in the real gateway, with a fake OpenAI upstream for the primary alias and one for the candidate:
 * the client's answer is whole and unchanged whatever the candidate does (hangs, fails), both calls reach the ledger
 * linked by request id, the share is picked by request id, and the shadow's own bounds (rate, budget, queue) drop
 * shadow calls and never a client's request.
 */
class ShadowEndToEndTest {

    private static final String ADMIN = "Bearer adm-1";
    private static final String ANSWER = "The refund window is thirty days from delivery.";
    private static final Instant T0 = Instant.parse("2026-12-06T10:00:00Z");
    private static final Duration WAIT = Duration.ofSeconds(20);

    private final TestClock clock = new TestClock(T0);
    private FakeUpstream primary;
    private FakeUpstream candidate;
    private GatewayFixture fx;
    private GatewayConfig config;
    private OpenAIClient client;

    @BeforeEach
    void upstreams() throws IOException {
        primary = new FakeUpstream();
        primary.answerEach(r -> r.json().path("stream").asBoolean() ? OpenAiReplies.stream("The refund window",
                " is thirty days", " from delivery.") : OpenAiReplies.completion(ANSWER, 12, 10));
        candidate = new FakeUpstream();
    }

    @AfterEach
    void stop() {
        if (client != null) {
            client.close();
        }
        // The candidate first: a call held on it returns, so the gateway's workers stop at once.
        candidate.close();
        if (fx != null) {
            fx.close();
        }
        primary.close();
    }

    private void start(double share, String shadowSection, String primaryExtra) {
        String yaml = TenantYaml.ACME_AND_GLOBEX + """
                admin:
                  key: adm-1
                models:
                  - name: primary
                    provider: openai
                    model: gpt-primary
                    base-url: %s/v1
                    api-key: sk-up
                    price: { input: 1.0, output: 2.0 }
                    shadow:
                      - { alias: candidate, share: %s }
                %s
                  - name: candidate
                    provider: openai
                    model: gpt-candidate
                    base-url: %s/v1
                    api-key: sk-up
                    retry: { max-attempts: 1 }
                    price: { input: 3.0, output: 4.0 }
                ledger:
                  flush-interval: 1m
                %s
                """.formatted(primary.baseUrl(), share, primaryExtra, candidate.baseUrl(), shadowSection);
        fx = GatewayFixture.start(GatewayFixture.config(yaml), Gateway.Options.defaults().withClock(clock));
        config = fx.gateway.config();
    }

    private ShadowTraffic shadows() {
        return fx.gateway.shadows().orElseThrow();
    }

    private void awaitHandled(long count) throws InterruptedException {
        assertTrue(shadows().awaitHandled(count, WAIT), "shadow traffic did not get to " + count + " requests");
    }

    private HttpResponse<String> ask(String text, String... headers) {
        List<String> all = new ArrayList<>(List.of("Authorization", "Bearer " + TenantYaml.ACME_KEY));
        all.addAll(List.of(headers));
        return fx.post("/v1/chat/completions", GatewayFixture.chat("primary", text), all.toArray(String[]::new));
    }

    private JsonNode admin(String pathAndQuery) {
        HttpResponse<String> res = fx.get(pathAndQuery, "Authorization", ADMIN);
        assertEquals(200, res.statusCode(), pathAndQuery + ": " + res.body());
        return json(res.body());
    }

    private static JsonNode json(String body) {
        try {
            return WireJson.mapper().readTree(body);
        } catch (IOException e) {
            throw new AssertionError(body, e);
        }
    }

    private List<JsonNode> rows() {
        UsageLedger ledger = fx.gateway.ledger().orElseThrow();
        ledger.flush();
        List<JsonNode> rows = new ArrayList<>();
        admin("/admin/requests?from=0&to=" + far() + "&limit=500").get("data").forEach(rows::add);
        return rows;
    }

    private String far() {
        return clock.instant().plus(Duration.ofDays(30)).toString();
    }

    private String metrics() {
        return fx.get("/metrics").body();
    }

    private static String answerOf(HttpResponse<String> res) {
        return json(res.body()).at("/choices/0/message/content").asText();
    }

    @Test
    void should_give_the_client_its_whole_answer_while_the_shadow_call_is_still_held_upstream()
            throws InterruptedException {
        candidate.answer(FakeUpstream.hang());
        start(1.0, "", "");

        HttpResponse<String> plain = ask("What is the refund policy?");
        assertEquals(200, plain.statusCode(), plain.body());
        assertEquals(ANSWER, answerOf(plain));
        assertTrue(candidate.awaitRequest(WAIT), "the shadow call reached the candidate");
        // The candidate still holds the shadow call: nothing has been handled, yet the client has its answer.
        assertEquals(0, rows().stream().filter(r -> r.get("kind").asText().equals("shadow")).count());

        client = OpenAIOkHttpClient.builder().baseUrl(fx.gateway.url() + "/v1").apiKey(TenantYaml.ACME_KEY)
                .maxRetries(0).build();
        StringBuilder streamed = new StringBuilder();
        try (StreamResponse<ChatCompletionChunk> stream = client.chat().completions().createStreaming(
                ChatCompletionCreateParams.builder().model("primary").addUserMessage("Stream it please").build())) {
            stream.stream().forEach(c -> c.choices().forEach(ch -> ch.delta().content().ifPresent(streamed::append)));
        }
        assertEquals(ANSWER, streamed.toString(), "a streamed answer is whole too, with two shadow calls held");
        ChatCompletion again = client.chat().completions().create(ChatCompletionCreateParams.builder()
                .model("primary").addUserMessage("What is the refund policy?").build());
        assertEquals(ANSWER, again.choices().getFirst().message().content().orElseThrow());
        assertEquals(3, primary.requests().size());
    }

    @Test
    void should_send_the_shadow_plain_and_record_its_failure_linked_to_the_unchanged_client_answer()
            throws InterruptedException {
        candidate.answer(OpenAiReplies.error(500, "candidate broke", Map.of()));
        start(1.0, "", "");

        HttpResponse<String> res = ask("What is the refund policy?");
        assertEquals(200, res.statusCode(), res.body());
        assertEquals(ANSWER, answerOf(res));
        String requestId = res.headers().firstValue("x-request-id").orElseThrow();
        awaitHandled(1);

        assertTrue(candidate.awaitRequest(WAIT));
        assertEquals("gpt-candidate", candidate.lastRequest().json().path("model").asText());
        assertFalse(candidate.lastRequest().json().path("stream").asBoolean(false), "a shadow call never streams");
        List<JsonNode> rows = rows();
        assertEquals(2, rows.size(), rows.toString());
        JsonNode chat = rows.stream().filter(r -> r.get("kind").asText().equals("chat")).findFirst().orElseThrow();
        JsonNode shadow = rows.stream().filter(r -> r.get("kind").asText().equals("shadow")).findFirst().orElseThrow();
        assertEquals(requestId, chat.get("request_id").asText());
        assertEquals(200, chat.get("status").asInt());
        assertEquals(requestId, shadow.get("shadow_of").asText());
        assertEquals("candidate", shadow.get("model").asText());
        assertEquals(502, shadow.get("status").asInt());
        assertEquals("upstream_server_error", shadow.get("error_code").asText());
        assertTrue(shadow.get("answer_similarity").isNull());
        assertEquals(chat.get("time").asText(), shadow.get("time").asText(), "a shadow row is at its primary's time");

        JsonNode usage = admin("/admin/usage?from=0&to=" + far() + "&group_by=model").get("data");
        assertEquals(1, usage.size(), "client totals leave shadow calls out: " + usage);
        assertEquals("primary", usage.get(0).get("group").asText());
        assertEquals(0, usage.get(0).get("errors").asLong());

        JsonNode report = admin("/admin/usage?from=0&to=" + far() + "&group_by=shadow").get("data");
        assertEquals(1, report.size(), report.toString());
        JsonNode pair = report.get(0);
        assertEquals("primary", pair.get("primary_alias").asText());
        assertEquals("candidate", pair.get("candidate_alias").asText());
        assertEquals(1, pair.get("requests").asLong());
        assertEquals(0, pair.at("/primary/errors").asLong());
        assertEquals(1, pair.at("/candidate/errors").asLong());
        assertEquals(0, pair.get("compared").asLong());
        assertTrue(pair.get("similarity_mean").isNull());
        assertTrue(metrics().contains(
                "reprise_shadow_calls_total{candidate=\"candidate\",primary=\"primary\",result=\"error\"} 1.0"));
        HttpResponse<String> csv = fx.get("/admin/usage?group_by=shadow&format=csv", "Authorization", ADMIN);
        assertEquals(400, csv.statusCode(), csv.body());
        assertEquals("format", json(csv.body()).at("/error/param").asText());
        HttpResponse<String> bad = fx.get("/admin/usage?group_by=shadow,model", "Authorization", ADMIN);
        assertEquals(400, bad.statusCode(), bad.body());
        assertEquals("group_by", json(bad.body()).at("/error/param").asText());
    }

    @Test
    void should_record_both_answers_with_their_cost_and_similarity_and_report_them_per_pair_and_day()
            throws InterruptedException {
        candidate.answer(OpenAiReplies.completion("Refunds are accepted within thirty days of delivery.", 12, 20));
        start(1.0, "", "    guardrails: { pii: { action: redact } }");

        HttpResponse<String> res = ask("Refund to jane.doe@example.com please: what is the policy?");
        assertEquals(200, res.statusCode(), res.body());
        assertEquals(ANSWER, answerOf(res));
        awaitHandled(1);

        String sent = candidate.lastRequest().body();
        assertFalse(sent.contains("jane.doe@example.com"), "the shadow sends what the primary sent: " + sent);
        assertTrue(sent.contains("[EMAIL_1]"), sent);
        JsonNode shadow = rows().stream().filter(r -> r.get("kind").asText().equals("shadow")).findFirst()
                .orElseThrow();
        assertEquals(200, shadow.get("status").asInt());
        assertEquals(12 * 3e-6 + 20 * 4e-6, shadow.get("cost_usd").asDouble(), 1e-12);
        double similarity = shadow.get("answer_similarity").asDouble();
        assertTrue(similarity > 0.5 && similarity <= 1, "two answers that say the same: " + similarity);

        JsonNode usage = admin("/admin/usage?from=0&to=" + far() + "&group_by=day").get("data").get(0);
        assertEquals(1, usage.get("requests").asLong());
        assertEquals(12 * 1e-6 + 10 * 2e-6, usage.get("cost_usd").asDouble(), 1e-12,
                "the client's cost only: shadow spend is reported apart");

        JsonNode byDay = admin("/admin/usage?from=0&to=" + far() + "&group_by=shadow,day&similarity_bar=0.5");
        JsonNode pair = byDay.get("data").get(0);
        assertEquals("2026-12-06", pair.get("time").asText());
        assertEquals(1, pair.get("requests").asLong());
        assertEquals(12 * 1e-6 + 10 * 2e-6, pair.at("/primary/cost_usd").asDouble(), 1e-12);
        assertEquals(12 * 3e-6 + 20 * 4e-6, pair.at("/candidate/cost_usd").asDouble(), 1e-12);
        assertEquals(20, pair.at("/candidate/output_tokens").asLong());
        assertEquals(1, pair.get("compared").asLong());
        assertEquals(similarity, pair.get("similarity_mean").asDouble(), 1e-6);
        assertEquals(1.0, pair.get("similar_share").asDouble());
        assertEquals(0.0, admin("/admin/usage?from=0&to=" + far() + "&group_by=shadow&similarity_bar=1")
                .at("/data/0/similar_share").asDouble(), "no pair reaches a bar of 1 unless identical");
    }

    @Test
    void should_shadow_the_requests_their_ids_pick_and_the_same_ones_every_time() throws InterruptedException {
        candidate.answer(OpenAiReplies.completion(ANSWER, 12, 10));
        start(0.5, "", "");
        ShadowTarget target = new ShadowTarget("candidate", 0.5);
        List<String> ids = IntStream.range(0, 40).mapToObj(i -> "req-shadow-" + i).toList();
        long picked = ids.stream().filter(target::picks).count();
        assertTrue(picked > 0 && picked < ids.size(), "a share of 0.5 picks some, not all: " + picked);

        for (String id : ids) {
            assertEquals(200, ask("Question " + id, "x-request-id", id).statusCode());
        }
        awaitHandled(picked);

        List<String> shadowed = rows().stream().filter(r -> r.get("kind").asText().equals("shadow"))
                .map(r -> r.get("shadow_of").asText()).sorted().toList();
        assertEquals(ids.stream().filter(target::picks).sorted().toList(), shadowed);
        assertEquals(picked, candidate.requests().size());
    }

    @Test
    void should_drop_shadow_calls_beyond_the_shadow_rate_and_budget_and_never_a_client_request()
            throws InterruptedException {
        candidate.answer(OpenAiReplies.completion(ANSWER, 1_000_000, 0));
        // One call a minute, and a budget one call's $3 uses up.
        start(1.0, """
                shadow:
                  requests-per-minute: 1
                  daily-budget-usd: 2.5
                """, "");

        for (int i = 0; i < 3; i++) {
            assertEquals(ANSWER, answerOf(ask("Question " + i)));
        }
        awaitHandled(3);
        assertEquals(1, candidate.requests().size());
        assertTrue(metrics().contains("reprise_shadow_dropped_total{reason=\"rate\"} 2.0"), metrics());

        clock.advance(Duration.ofMinutes(2));
        assertEquals(ANSWER, answerOf(ask("Question 3")));
        awaitHandled(4);
        assertEquals(1, candidate.requests().size(), "the day's shadow budget is spent");
        assertTrue(metrics().contains("reprise_shadow_dropped_total{reason=\"budget\"} 1.0"), metrics());
        assertEquals(3.0, shadows().spentToday(), 1e-9);

        clock.advance(Duration.ofDays(1));
        assertEquals(ANSWER, answerOf(ask("Question 4")));
        awaitHandled(5);
        assertEquals(2, candidate.requests().size(), "a new UTC day, a new budget");
        assertEquals(5, rows().stream().filter(r -> r.get("kind").asText().equals("chat")
                && r.get("status").asInt() == 200).count());
    }

    @Test
    void should_record_a_shadow_call_past_the_shadow_timeout_as_a_timeout() throws InterruptedException {
        candidate.answer(FakeUpstream.hang());
        start(1.0, "shadow: { timeout: 300ms }\n", "");

        HttpResponse<String> res = ask("What is the refund policy?");
        assertEquals(ANSWER, answerOf(res));
        awaitHandled(1);
        JsonNode shadow = rows().stream().filter(r -> r.get("kind").asText().equals("shadow")).findFirst()
                .orElseThrow();
        assertEquals(504, shadow.get("status").asInt());
        assertEquals("upstream_timeout", shadow.get("error_code").asText());
        assertEquals(res.headers().firstValue("x-request-id").orElseThrow(), shadow.get("shadow_of").asText());
    }

    @Test
    void should_keep_the_days_shadow_spend_across_a_restart() throws InterruptedException {
        candidate.answer(OpenAiReplies.completion(ANSWER, 1_000_000, 0));
        start(1.0, "shadow: { daily-budget-usd: 2.5 }\n", "");
        Path data = fx.dataDir();
        GatewayConfig kept = config.withDataDir(data.resolveSibling(data.getFileName() + "-kept"));
        fx.close();
        fx = GatewayFixture.startIn(kept, Gateway.Options.defaults().withClock(clock));
        try {
            assertEquals(ANSWER, answerOf(ask("First")));
            awaitHandled(1);
            assertEquals(3.0, shadows().spentToday(), 1e-9);
            fx.close();

            fx = GatewayFixture.startIn(kept, Gateway.Options.defaults().withClock(clock));
            assertEquals(3.0, shadows().spentToday(), 1e-9, "today's shadow spend read back from the ledger");
            assertEquals(ANSWER, answerOf(ask("Second")));
            awaitHandled(1);
            assertEquals(1, candidate.requests().size(), "the budget spent before the restart still holds");
            assertTrue(metrics().contains("reprise_shadow_dropped_total{reason=\"budget\"} 1.0"), metrics());
        } finally {
            fx.close();
            fx = null;
            deleteRecursively(kept.dataDir());
        }
    }

    private static void deleteRecursively(Path dir) {
        try (var paths = Files.walk(dir)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void should_drop_a_shadow_call_when_the_queue_is_full_without_holding_the_client() throws InterruptedException {
        candidate.answer(FakeUpstream.hang());
        start(1.0, """
                shadow:
                  queue-capacity: 1
                  concurrency: 1
                """, "");

        assertEquals(ANSWER, answerOf(ask("First")));
        assertTrue(candidate.awaitRequest(WAIT), "the one worker holds the first shadow call");
        assertEquals(ANSWER, answerOf(ask("Second")));
        assertEquals(ANSWER, answerOf(ask("Third")));
        awaitHandled(1);
        assertTrue(metrics().contains("reprise_shadow_dropped_total{reason=\"queue\"} 1.0"), metrics());
        assertEquals(1, candidate.requests().size());
        assertNotNull(fx.gateway.shadows().orElseThrow());
    }
}
