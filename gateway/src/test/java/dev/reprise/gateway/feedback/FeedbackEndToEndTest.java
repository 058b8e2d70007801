package dev.reprise.gateway.feedback;

import com.fasterxml.jackson.databind.JsonNode;
import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.http.HttpResponseFor;
import com.openai.core.http.StreamResponse;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import dev.reprise.gateway.Gateway;
import dev.reprise.gateway.GatewayFixture;
import dev.reprise.models.wire.WireJson;
import dev.reprise.testing.FakeUpstream;
import dev.reprise.testing.OpenAiReplies;
import dev.reprise.testing.TestClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code POST /v1/feedback} on the real gateway: answers from an alias split into two A/B variants, asked through the
 * OpenAI SDK, rated over HTTP with the request id the answer carried, and compared per variant through
 * {@code GET /admin/usage/variants}. The ledger writes once a minute, so each rating races its request's row (which
 * {@code FeedbackLedgerTest} pins down with the writer held still).
 */
class FeedbackEndToEndTest {

    static final String ADMIN = "Bearer adm-fb";
    static final Instant T0 = Instant.parse("2026-12-06T10:00:00Z");

    private final TestClock clock = new TestClock(T0);
    private FakeUpstream down;
    private GatewayFixture fx;
    private OpenAIClient client;

    /** One answer: its id (x-request-id) and the variant it was served by. */
    record Asked(String requestId, String variant) {
    }

    static String yaml(String downUrl, String ledger) {
        return """
                keys:
                  - { id: acme, key: sk-acme }
                  - { id: acme-ops, key: sk-acme-ops, tenant: acme }
                  - { id: globex, key: sk-globex }
                admin:
                  key: adm-fb
                models:
                  - name: support
                    provider: mock
                    latency: 0ms
                    price: { input: 1.0, output: 2.0 }
                    variants:
                      - { name: control, weight: 50 }
                      - { name: concise, weight: 50, prompt: "Answer in one sentence.", prompt-mode: prefix }
                  - name: flaky
                    provider: openai
                    model: gpt-flaky
                    base-url: %s
                    api-key: sk-up
                    retry: { max-attempts: 1 }
                    fallbacks: [support]
                    variants:
                      - { name: only, weight: 100 }
                %s""".formatted(downUrl, ledger);
    }

    static final String LEDGER = """
            ledger:
              flush-interval: 1m
            """;

    @BeforeEach
    void upstream() throws IOException {
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
        down.close();
    }

    private void start(String ledger) {
        fx = GatewayFixture.start(GatewayFixture.config(yaml(down.baseUrl() + "/v1", ledger)),
                Gateway.Options.defaults().withClock(clock));
        client = OpenAIOkHttpClient.builder().baseUrl(fx.gateway.url() + "/v1").apiKey("sk-acme").maxRetries(0)
                .build();
    }

    private Asked ask(String model, String user, String text) {
        HttpResponseFor<ChatCompletion> raw = client.chat().completions().withRawResponse().create(
                ChatCompletionCreateParams.builder().model(model).user(user).addUserMessage(text).build());
        assertFalse(raw.parse().choices().isEmpty());
        return new Asked(raw.headers().values("x-request-id").getFirst(),
                raw.headers().values("x-reprise-variant").getFirst());
    }

    private Asked askStreaming(String user, String text) {
        HttpResponseFor<StreamResponse<ChatCompletionChunk>> raw = client.chat().completions().withRawResponse()
                .createStreaming(ChatCompletionCreateParams.builder().model("support").user(user)
                        .addUserMessage(text).build());
        StringBuilder got = new StringBuilder();
        try (StreamResponse<ChatCompletionChunk> stream = raw.parse()) {
            stream.stream().forEach(c -> c.choices().forEach(ch -> ch.delta().content().ifPresent(got::append)));
        }
        assertFalse(got.isEmpty());
        return new Asked(raw.headers().values("x-request-id").getFirst(),
                raw.headers().values("x-reprise-variant").getFirst());
    }

    /** Asks as distinct users until each variant has answered {@code each} times (the split is sticky per user). */
    private Map<String, List<String>> askUntil(int each) {
        Map<String, List<String>> ids = new HashMap<>();
        for (int user = 0; user < 100; user++) {
            Asked a = ask("support", "user-" + user, "question from user " + user);
            List<String> list = ids.computeIfAbsent(a.variant(), v -> new ArrayList<>());
            if (list.size() < each) {
                list.add(a.requestId());
            }
            if (ids.size() == 2 && ids.values().stream().allMatch(l -> l.size() == each)) {
                return ids;
            }
        }
        throw new AssertionError("the split never gave each variant " + each + " answers: " + ids);
    }

    private HttpResponse<String> feedback(String key, String body) {
        return fx.post("/v1/feedback", body, "Authorization", "Bearer " + key);
    }

    private JsonNode rate(String requestId, String fields) {
        HttpResponse<String> res = feedback("sk-acme", "{\"request_id\":\"" + requestId + "\"," + fields + "}");
        assertEquals(200, res.statusCode(), res.body());
        return json(res.body());
    }

    private JsonNode admin(String pathAndQuery) {
        HttpResponse<String> res = fx.get(pathAndQuery, "Authorization", ADMIN);
        assertEquals(200, res.statusCode(), pathAndQuery + ": " + res.body());
        return json(res.body());
    }

    private Map<String, JsonNode> variants(String alias) {
        Map<String, JsonNode> out = new HashMap<>();
        admin("/admin/usage/variants?from=0&to=" + clock.instant().plus(Duration.ofDays(1)) + "&model=" + alias)
                .get("data").forEach(n -> out.put(n.get("alias").asText() + "/" + n.get("variant").asText(), n));
        return out;
    }

    static JsonNode json(String body) {
        try {
            return WireJson.mapper().readTree(body);
        } catch (IOException e) {
            throw new AssertionError(body, e);
        }
    }

    @Test
    void should_compare_two_variants_on_the_outcomes_their_callers_reported() {
        start(LEDGER);
        Map<String, List<String>> ids = askUntil(3);
        List<String> control = ids.get("control");
        List<String> concise = ids.get("concise");
        rate(control.get(0), "\"score\":1,\"label\":\"accepted\"");
        rate(control.get(1), "\"score\":1,\"label\":\"accepted\"");
        rate(control.get(2), "\"score\":0.25,\"label\":\"rejected\",\"comment\":\"too long\"");
        rate(concise.get(0), "\"score\":0,\"label\":\"rejected\"");
        JsonNode labelOnly = rate(concise.get(1), "\"label\":\"accepted\"");
        assertEquals("support", labelOnly.get("model").asText());
        assertEquals("concise", labelOnly.get("variant").asText());
        assertTrue(labelOnly.get("score").isNull());
        assertFalse(labelOnly.get("replaced").asBoolean());

        Map<String, JsonNode> report = variants("support");
        assertEquals(2, report.size(), report.toString());
        JsonNode c = report.get("support/control");
        assertTrue(c.get("requests").asLong() >= 3, c.toString());
        assertEquals(3, c.get("feedback").asLong());
        assertEquals(3, c.get("scored").asLong());
        assertEquals(0.75, c.get("mean_score").asDouble(), 1e-9);
        assertEquals(2, c.get("labels").get("accepted").asLong());
        assertEquals(1, c.get("labels").get("rejected").asLong());
        assertTrue(c.get("cost_usd").asDouble() > 0, c.toString());
        assertEquals(0, c.get("errors").asLong());
        JsonNode k = report.get("support/concise");
        assertEquals(2, k.get("feedback").asLong());
        assertEquals(1, k.get("scored").asLong(), "a label alone is feedback without a score");
        assertEquals(0.0, k.get("mean_score").asDouble(), 1e-9);
        assertEquals(Map.of("accepted", 1L, "rejected", 1L), Map.of(
                "accepted", k.get("labels").get("accepted").asLong(), "rejected", k.get("labels").get("rejected").asLong()));
        String metrics = fx.get("/metrics").body();
        assertTrue(metrics.contains("reprise_variant_feedback_total{model=\"support\",variant=\"control\"} 3.0"),
                metrics);
        assertTrue(metrics.contains("reprise_variant_feedback_score_sum{model=\"support\",variant=\"control\"} 2.25"),
                metrics);
        assertTrue(metrics.contains("reprise_variant_feedback_score_count{model=\"support\",variant=\"concise\"} 1"),
                metrics);
        assertEquals(report.get("support/control").get("requests").asLong() + k.get("requests").asLong(),
                admin("/admin/usage?from=0&to=" + clock.instant().plus(Duration.ofDays(1)) + "&group_by=model")
                        .get("data").get(0).get("requests").asLong(), "every support request has a variant");
    }

    @Test
    void should_record_feedback_sent_the_moment_the_answer_arrives_before_the_ledger_wrote_its_row() {
        start(LEDGER);
        Asked plain = ask("support", "user-1", "plain question");
        JsonNode got = rate(plain.requestId(), "\"score\":1");
        assertEquals(plain.variant(), got.get("variant").asText());

        Asked streamed = askStreaming("user-2", "streamed question");
        got = rate(streamed.requestId(), "\"score\":0,\"label\":\"rejected\"");
        assertEquals(streamed.variant(), got.get("variant").asText());
        assertEquals(2, variants("support").values().stream().mapToLong(n -> n.get("feedback").asLong()).sum());
    }

    @Test
    void should_answer_404_for_another_tenants_request_exactly_as_for_an_unknown_one() {
        start(LEDGER);
        Asked mine = ask("support", "user-1", "whose question is this?");
        HttpResponse<String> theirs = feedback("sk-globex", "{\"request_id\":\"" + mine.requestId() + "\",\"score\":0}");
        assertEquals(404, theirs.statusCode(), theirs.body());
        JsonNode error = json(theirs.body()).get("error");
        assertEquals("request_not_found", error.get("code").asText());
        assertEquals("request_id", error.get("param").asText());
        assertEquals("invalid_request_error", error.get("type").asText());
        HttpResponse<String> unknown = feedback("sk-globex", "{\"request_id\":\"req_nobody\",\"score\":0}");
        assertEquals(404, unknown.statusCode());
        assertEquals(error.get("message").asText().replace(mine.requestId(), "ID"),
                json(unknown.body()).get("error").get("message").asText().replace("req_nobody", "ID"));

        // Another key of the same tenant may rate it; the feedback keeps which key gave it.
        HttpResponse<String> colleague = feedback("sk-acme-ops", "{\"request_id\":\"" + mine.requestId()
                + "\",\"label\":\"escalated\"}");
        assertEquals(200, colleague.statusCode(), colleague.body());
        assertEquals("acme-ops", feedbackColumn(mine.requestId(), "key_id"));
        assertEquals(0, variants("support").values().stream().mapToLong(n -> n.get("scored").asLong()).sum(),
                "globex's score was not recorded");

        assertEquals(401, fx.post("/v1/feedback", "{\"request_id\":\"" + mine.requestId() + "\",\"score\":1}")
                .statusCode(), "no key");
        assertEquals(401, feedback("sk-wrong", "{\"request_id\":\"" + mine.requestId() + "\",\"score\":1}")
                .statusCode());
    }

    @Test
    void should_let_the_latest_feedback_on_a_request_replace_the_earlier_one_whole() {
        start(LEDGER);
        Asked a = ask("support", "user-1", "rate me twice");
        assertFalse(rate(a.requestId(), "\"score\":0,\"label\":\"rejected\",\"comment\":\"wrong\"")
                .get("replaced").asBoolean());
        clock.advance(Duration.ofMinutes(5));
        assertTrue(rate(a.requestId(), "\"score\":1").get("replaced").asBoolean());
        JsonNode v = variants("support").get("support/" + a.variant());
        assertEquals(1, v.get("feedback").asLong());
        assertEquals(1.0, v.get("mean_score").asDouble());
        assertEquals(0, v.get("labels").size(), "the second feedback had no label");
        assertEquals(null, feedbackColumn(a.requestId(), "comment"));
        assertEquals(String.valueOf(clock.instant().toEpochMilli()), feedbackColumn(a.requestId(), "at_ms"));
    }

    @Test
    void should_count_feedback_on_an_answer_a_fallback_served_under_the_variant_that_was_asked() {
        start(LEDGER);
        Asked a = ask("flaky", "user-1", "will this fall back?");
        assertEquals("only", a.variant());
        JsonNode got = rate(a.requestId(), "\"score\":0.5");
        assertEquals("flaky", got.get("model").asText(), "the routed alias, not the fallback's");
        JsonNode v = variants("flaky").get("flaky/only");
        assertEquals(1, v.get("requests").asLong());
        assertEquals(1, v.get("feedback").asLong());
        assertEquals(0.5, v.get("mean_score").asDouble());
    }

    @Test
    void should_count_feedback_on_a_cache_hit_under_its_variant() {
        start(LEDGER + """
                cache:
                  commit-interval: 200ms
                """);
        Asked miss = ask("support", "user-1", "What is your refund policy?");
        assertTrue(fx.gateway.cache().orElseThrow().awaitPendingWrites(Duration.ofSeconds(5)));
        HttpResponseFor<ChatCompletion> raw = client.chat().completions().withRawResponse().create(
                ChatCompletionCreateParams.builder().model("support").user("user-1")
                        .addUserMessage("What is your refund policy?").build());
        assertEquals("hit-exact", raw.headers().values("x-reprise-cache").getFirst());
        String hit = raw.headers().values("x-request-id").getFirst();

        JsonNode got = rate(hit, "\"score\":1,\"label\":\"accepted\"");
        assertEquals(miss.variant(), got.get("variant").asText());
        JsonNode v = variants("support").get("support/" + miss.variant());
        assertEquals(2, v.get("requests").asLong());
        assertEquals(1, v.get("cache_hits").asLong());
        assertEquals(1, v.get("feedback").asLong());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', nullValues = "NULL", textBlock = """
            no request id                 | {"score":1}                                   | request_id
            request id not a string       | {"request_id":7,"score":1}                    | request_id
            request id with a space       | {"request_id":"req 1","score":1}              | request_id
            request id empty              | {"request_id":"","score":1}                   | request_id
            neither score nor label       | {"request_id":"req_1"}                        | score
            score and label null          | {"request_id":"req_1","score":null,"label":null} | score
            score above 1                 | {"request_id":"req_1","score":1.5}            | score
            score below 0                 | {"request_id":"req_1","score":-0.1}           | score
            score as a string             | {"request_id":"req_1","score":"1"}            | score
            score as a boolean            | {"request_id":"req_1","score":true}           | score
            label with a space            | {"request_id":"req_1","label":"thumbs up"}    | label
            label starting with a dash    | {"request_id":"req_1","label":"-good"}        | label
            label as a number             | {"request_id":"req_1","label":1}              | label
            comment as an object          | {"request_id":"req_1","score":1,"comment":{}} | comment
            unknown field                 | {"request_id":"req_1","score":1,"rating":5}   | rating
            a key twice                   | {"request_id":"req_1","score":1,"score":0}    | score
            not json                      | score=1                                       | NULL
            an array                      | [1]                                           | NULL
            """)
    void should_refuse_malformed_feedback_with_400_naming_the_field(String what, String body, String param) {
        start(LEDGER);
        HttpResponse<String> res = feedback("sk-acme", body);
        assertEquals(400, res.statusCode(), what + ": " + res.body());
        JsonNode error = json(res.body()).get("error");
        assertEquals("invalid_request_error", error.get("type").asText());
        assertEquals(param, error.get("param").isNull() ? null : error.get("param").asText(), res.body());
    }

    @Test
    void should_refuse_overlong_labels_comments_and_request_ids() {
        start(LEDGER);
        for (String[] c : new String[][] {
                {"{\"request_id\":\"req_1\",\"label\":\"" + "a".repeat(65) + "\"}", "label"},
                {"{\"request_id\":\"req_1\",\"score\":1,\"comment\":\"" + "c".repeat(1001) + "\"}", "comment"},
                {"{\"request_id\":\"" + "r".repeat(129) + "\",\"score\":1}", "request_id"}}) {
            HttpResponse<String> res = feedback("sk-acme", c[0]);
            assertEquals(400, res.statusCode(), res.body());
            assertEquals(c[1], json(res.body()).get("error").get("param").asText());
            assertTrue(res.body().length() < 2000, "the error does not echo the whole value");
        }
        assertEquals(200, feedback("sk-acme", "{\"request_id\":\"" + ask("support", "u", "q").requestId()
                + "\",\"label\":\"" + "a".repeat(64) + "\",\"comment\":\"" + "c".repeat(1000) + "\"}").statusCode());
        assertEquals(405, fx.get("/v1/feedback", "Authorization", "Bearer sk-acme").statusCode());
    }

    @Test
    void should_refuse_feedback_with_409_while_the_ledger_is_off() {
        start("");
        Asked a = ask("support", "user-1", "no ledger");
        HttpResponse<String> res = feedback("sk-acme", "{\"request_id\":\"" + a.requestId() + "\",\"score\":1}");
        assertEquals(409, res.statusCode(), res.body());
        assertEquals("ledger_disabled", json(res.body()).get("error").get("code").asText());
        assertEquals(401, fx.post("/v1/feedback", "{}").statusCode(), "the key is checked first");
    }

    @Test
    void should_scope_feedback_to_the_bearer_tokens_tenant_in_open_mode() {
        String open = yaml(down.baseUrl() + "/v1", LEDGER).replaceFirst("(?s)keys:.*?admin:", "admin:");
        fx = GatewayFixture.start(GatewayFixture.config(open), Gateway.Options.defaults().withClock(clock));
        client = OpenAIOkHttpClient.builder().baseUrl(fx.gateway.url() + "/v1").apiKey("any-token-1").maxRetries(0)
                .build();
        Asked a = ask("support", "user-1", "open question");
        String body = "{\"request_id\":\"" + a.requestId() + "\",\"score\":1}";
        assertEquals(404, feedback("any-token-2", body).statusCode(), "another token is another tenant");
        assertEquals(404, fx.post("/v1/feedback", body).statusCode(), "no token is the anonymous tenant");
        assertEquals(200, feedback("any-token-1", body).statusCode());
    }

    @Test
    void should_keep_feedback_answered_200_across_a_restart() throws IOException {
        Path data = Files.createTempDirectory("reprise-feedback");
        try {
            var config = GatewayFixture.config(yaml(down.baseUrl() + "/v1", LEDGER)).withDataDir(data);
            fx = GatewayFixture.startIn(config, Gateway.Options.defaults().withClock(clock));
            client = OpenAIOkHttpClient.builder().baseUrl(fx.gateway.url() + "/v1").apiKey("sk-acme").maxRetries(0)
                    .build();
            Asked a = ask("support", "user-1", "remember my rating");
            rate(a.requestId(), "\"score\":1,\"label\":\"accepted\"");
            fx.close();
            fx = GatewayFixture.startIn(config, Gateway.Options.defaults().withClock(clock));
            JsonNode v = variants("support").get("support/" + a.variant());
            assertEquals(1, v.get("feedback").asLong());
            assertEquals(1, v.get("labels").get("accepted").asLong());
        } finally {
            fx.close();
            fx = null;
            try (var paths = Files.walk(data)) {
                paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    /** One column of the feedback row, read straight from the ledger file. */
    private String feedbackColumn(String requestId, String column) {
        Path file = fx.gateway.ledger().orElseThrow().file();
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file.toAbsolutePath());
             Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT " + column + " FROM feedback WHERE request_id = '" + requestId
                     + "'")) {
            assertTrue(rs.next(), "no feedback for " + requestId);
            return rs.getString(1);
        } catch (SQLException e) {
            throw new AssertionError(e);
        }
    }
}
