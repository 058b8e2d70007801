package dev.reprise.gateway.judge;

import com.fasterxml.jackson.databind.JsonNode;
import dev.reprise.gateway.Gateway;
import dev.reprise.gateway.GatewayFixture;
import dev.reprise.gateway.cache.CacheStatus;
import dev.reprise.gateway.cache.ResponseCache;
import dev.reprise.gateway.config.GatewayConfig;
import dev.reprise.gateway.ledger.UsageLedger;
import dev.reprise.models.wire.WireJson;
import dev.reprise.testing.TestClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The cache's background judge through the real server: the real embedder and index, a fake OpenAI upstream that
 * serves both the chat alias and the judge alias, the usage ledger, and an injected clock for the budget. The two
 * questions below are a grey-band pair for MiniLM (cosine 0.83: above the floor 0.80, below the bar 0.95), and the
 * paraphrase is 0.98 from the second and 0.85 from the first.
 */
class JudgeEndToEndTest {

    static final String STORED = "How do I reset my password?";
    static final String GREY = "I forgot my password, what should I do?";
    static final String PARAPHRASE = "I forgot my password, what do I do?";
    static final String GREY_2 = "Steps to reset a forgotten password";
    static final String GREY_3 = "What is the way to recover my account password?";
    /** 0.86 from {@link #STORED}, 0.71 from {@link #GREY}: in the grey band, above the yes judged at 0.83. */
    static final String ABOVE_YES = "How can I change my password?";
    /** 0.83 from {@link #STORED} (just below the 0.8305 yes), 0.78 from {@link #GREY}. */
    static final String BELOW_YES = GREY_2;
    /** 0.77 from {@link #STORED}, with an order number it lacks: the numbers guard vetoes it. */
    static final String NUMBERED = "How do I reset my password for order 1234?";
    /** 20 prompt and 10 completion tokens of the bot at $1/M and $2/M. */
    static final double BOT_COST = 20e-6 + 20e-6;
    static final String ADMIN = "Bearer adm-1";
    static final Instant T0 = Instant.parse("2026-12-06T10:00:00Z");
    /** 100 prompt tokens at $1/M plus 8 completion tokens at $2/M. */
    static final double JUDGE_COST = 100e-6 + 16e-6;
    static final Duration WAIT = Duration.ofSeconds(20);

    private final TestClock clock = new TestClock(T0);
    private JudgeUpstream upstream;
    private GatewayFixture fx;
    private Path dataDir;

    @BeforeEach
    void upstream() throws IOException {
        upstream = new JudgeUpstream();
        dataDir = Files.createTempDirectory("reprise-judge-test");
    }

    @AfterEach
    void stop() throws IOException {
        if (fx != null) {
            fx.close();
        }
        upstream.close();
        try (Stream<Path> files = Files.walk(dataDir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    private String yaml(String judgeExtra) {
        return """
                admin:
                  key: adm-1
                models:
                  - name: bot
                    provider: openai
                    model: %s
                    base-url: %s
                    api-key: sk-up
                    price: { input: 1.0, output: 2.0 }
                  - name: judge
                    provider: openai
                    model: %s
                    base-url: %s
                    api-key: sk-up
                    price: { input: 1.0, output: 2.0 }
                    retry: { max-attempts: 1 }
                cache:
                  similarity-threshold: 0.95
                  commit-interval: 200ms
                  judge:
                    alias: judge
                    max-share: 1.0
                %s
                ledger:
                  flush-interval: 1m
                """.formatted(JudgeUpstream.BOT, upstream.baseUrl(), JudgeUpstream.JUDGE, upstream.baseUrl(),
                judgeExtra.indent(4).stripTrailing());
    }

    private void start(String judgeExtra) {
        GatewayConfig config = GatewayFixture.config(yaml(judgeExtra)).withDataDir(dataDir);
        fx = GatewayFixture.startIn(config, Gateway.Options.defaults().withClock(clock));
    }

    private void restart(String judgeExtra) {
        fx.close();
        fx = null;
        start(judgeExtra);
    }

    private BackgroundJudge judge() {
        return fx.gateway.judge().orElseThrow();
    }

    private ResponseCache cache() {
        return fx.gateway.cache().orElseThrow();
    }

    /** Asks, then waits for the answer's store, so the next question sees it. */
    private HttpResponse<String> ask(String text) {
        HttpResponse<String> res = fx.post("/v1/chat/completions", GatewayFixture.chat("bot", text));
        assertEquals(200, res.statusCode(), res.body());
        assertTrue(cache().awaitPendingWrites(WAIT), "cache writes did not finish");
        return res;
    }

    private void awaitHandled(long count) throws InterruptedException {
        assertTrue(judge().awaitHandled(count, WAIT), "the judge did not get to " + count + " grey-band misses");
        // A yes is applied on the cache's writer: wait for it too.
        assertTrue(cache().awaitPendingWrites(WAIT), "cache writes did not finish");
    }

    static String content(HttpResponse<String> res) {
        return json(res.body()).path("choices").get(0).path("message").path("content").asText();
    }

    static String status(HttpResponse<String> res) {
        return res.headers().firstValue(CacheStatus.HEADER).orElse("(none)");
    }

    static JsonNode json(String body) {
        try {
            return WireJson.mapper().readTree(body);
        } catch (IOException e) {
            throw new AssertionError(body, e);
        }
    }

    private JsonNode admin(String pathAndQuery) {
        HttpResponse<String> res = fx.get(pathAndQuery, "Authorization", ADMIN);
        assertEquals(200, res.statusCode(), pathAndQuery + ": " + res.body());
        return json(res.body());
    }

    private double metric(String name, String label, String value) {
        String text = fx.get("/metrics").body();
        Matcher m = Pattern.compile("(?m)^" + name + "\\{[^}]*" + label + "=\"" + value + "\"[^}]*} ([0-9.eE+-]+)$")
                .matcher(text);
        return m.find() ? Double.parseDouble(m.group(1)) : 0;
    }

    private List<JsonNode> pairs() {
        HttpResponse<String> res = fx.get("/admin/cache/judge/pairs", "Authorization", ADMIN);
        assertEquals(200, res.statusCode(), res.body());
        assertEquals("application/x-ndjson", res.headers().firstValue("content-type").orElse(""));
        List<JsonNode> lines = new ArrayList<>();
        res.body().lines().filter(l -> !l.isBlank()).forEach(l -> lines.add(json(l)));
        return lines;
    }

    @Test
    void should_judge_a_grey_band_miss_after_its_answer_and_on_a_yes_serve_the_candidates_answer_for_it() throws Exception {
        start("");
        ask(STORED);
        HttpResponse<String> miss = ask(GREY);
        assertEquals("miss", status(miss));
        assertEquals(JudgeUpstream.answerTo(GREY), content(miss), "a grey-band question is answered as a miss");
        awaitHandled(1);

        assertEquals(1, upstream.judgeCalls());
        JsonNode call = upstream.judgeRequests().getFirst();
        assertEquals(0.0, call.path("temperature").asDouble(), "the judge is asked at temperature 0");
        assertFalse(call.path("stream").asBoolean());
        String prompt = call.path("messages").get(0).path("content").asText();
        assertTrue(prompt.contains("NEW QUESTION: i forgot my password, what should i do"), prompt);
        assertTrue(prompt.contains("CACHED QUESTION: how do i reset my password"), prompt);
        assertTrue(prompt.contains("CACHED ANSWER: " + JudgeUpstream.answerTo(STORED)), prompt);

        HttpResponse<String> again = ask(GREY);
        assertEquals("hit-exact", status(again));
        assertEquals(JudgeUpstream.answerTo(STORED), content(again), "one answer serves the judged group");
        HttpResponse<String> paraphrase = ask(PARAPHRASE);
        assertEquals("hit-semantic", status(paraphrase));
        assertEquals(JudgeUpstream.answerTo(STORED), content(paraphrase));
        assertEquals(2, upstream.botCalls());
        assertEquals(1, upstream.judgeCalls(), "hits are not judged");
        assertEquals(1.0, metric("reprise_cache_judge_calls_total", "result", "same"));

        List<JsonNode> pairs = pairs();
        assertEquals(1, pairs.size(), pairs.toString());
        assertEquals("how do i reset my password", pairs.getFirst().get("a").asText());
        assertEquals("i forgot my password, what should i do", pairs.getFirst().get("b").asText());
        assertEquals(1, pairs.getFirst().get("label").asInt());
    }

    @Test
    void should_serve_a_grey_band_question_its_groups_judged_yes_vouches_for_and_count_what_it_saved() throws Exception {
        start("");
        ask(STORED);
        ask(GREY);
        awaitHandled(1);

        HttpResponse<String> judged = ask(ABOVE_YES);
        assertEquals("hit-semantic", status(judged));
        assertEquals("true", judged.headers().firstValue(CacheStatus.JUDGED_HEADER).orElse("(none)"));
        assertEquals(JudgeUpstream.answerTo(STORED), content(judged));
        HttpResponse<String> below = ask(BELOW_YES);
        assertEquals("miss", status(below), "below the group's lowest judged yes");
        assertEquals(JudgeUpstream.answerTo(BELOW_YES), content(below));
        awaitHandled(2);
        assertEquals(3, upstream.botCalls());
        assertEquals(2, upstream.judgeCalls(), "a judged hit is a hit: not judged again");

        UsageLedger ledger = fx.gateway.ledger().orElseThrow();
        ledger.flush();
        String range = "from=0&to=" + clock.instant().plus(Duration.ofDays(1));
        for (JsonNode g : admin("/admin/usage?" + range + "&group_by=model").get("data")) {
            if (g.get("group").asText().equals("bot")) {
                assertEquals(BOT_COST, g.get("judge_saved_usd").asDouble(), 1e-12, g.toString());
                assertEquals(BOT_COST, g.get("saved_usd").asDouble(), 1e-12, g.toString());
            }
        }
    }

    @Test
    void should_not_judge_a_candidate_the_guards_veto() throws Exception {
        start("floor: 0.70"); // the numbered question is 0.77 from the stored one
        upstream.judge = JudgeUpstream.Judge.DIFFERENT;
        ask(STORED);
        HttpResponse<String> guarded = ask(NUMBERED);
        assertEquals("miss", status(guarded));
        ask(GREY);
        ask(GREY_2);
        awaitHandled(2);
        assertEquals(2, upstream.judgeCalls());
        for (JsonNode call : upstream.judgeRequests()) {
            assertFalse(call.toString().contains("1234"), "a candidate the numbers guard vetoes is not judged");
        }
    }

    @Test
    void should_keep_a_no_as_a_label_and_leave_the_new_question_its_own_answer() throws Exception {
        start("");
        upstream.judge = JudgeUpstream.Judge.DIFFERENT;
        ask(STORED);
        ask(GREY);
        awaitHandled(1);

        HttpResponse<String> again = ask(GREY);
        assertEquals("hit-exact", status(again));
        assertEquals(JudgeUpstream.answerTo(GREY), content(again), "a no changes no answer");
        HttpResponse<String> paraphrase = ask(PARAPHRASE);
        assertEquals(JudgeUpstream.answerTo(GREY), content(paraphrase));
        assertEquals(1.0, metric("reprise_cache_judge_calls_total", "result", "different"));
        assertEquals(0, pairs().getFirst().get("label").asInt());
    }

    @Test
    void should_answer_clients_as_usual_while_the_judge_hangs_fails_or_rambles() throws Exception {
        start("timeout: 1s");
        ask(STORED);
        upstream.judge = JudgeUpstream.Judge.HANG;
        HttpResponse<String> whileHanging = ask(GREY);
        assertEquals(JudgeUpstream.answerTo(GREY), content(whileHanging));
        assertEquals(JudgeUpstream.answerTo("Where is my parcel?"), content(ask("Where is my parcel?")));
        awaitHandled(1);
        assertEquals(1.0, metric("reprise_cache_judge_calls_total", "result", "failed"), "a timeout is a failure");
        // ... of the judge, not of the judge alias's deployment, whose breaker clients of that alias share.
        assertFalse(fx.get("/metrics").body().matches("(?s).*reprise_upstream_attempts_total\\{[^}]*result=\"(?!ok\")[^\"]*\".*"),
                "the judge's own timeout was counted as an upstream failure");

        upstream.judge = JudgeUpstream.Judge.FAIL;
        assertEquals(JudgeUpstream.answerTo(GREY_2), content(ask(GREY_2)));
        awaitHandled(2);
        assertEquals(2.0, metric("reprise_cache_judge_calls_total", "result", "failed"));

        upstream.judge = JudgeUpstream.Judge.PROSE;
        assertEquals(JudgeUpstream.answerTo(GREY_3), content(ask(GREY_3)));
        awaitHandled(3);
        assertEquals(1.0, metric("reprise_cache_judge_calls_total", "result", "none"));
        assertEquals(JudgeUpstream.answerTo(GREY), content(ask(GREY)), "no verdict, no alias");
        assertTrue(pairs().isEmpty(), "failures and non-verdicts are no labels");
    }

    @Test
    void should_stop_judging_when_the_days_budget_is_spent_until_the_next_utc_day() throws Exception {
        // One call costs $0.000116, more than the day's budget: the first call spends it.
        start("daily-budget-usd: 0.0001");
        upstream.judge = JudgeUpstream.Judge.DIFFERENT;
        ask(STORED);
        ask(GREY);
        awaitHandled(1);
        ask(GREY_2);
        awaitHandled(2);
        assertEquals(1, upstream.judgeCalls(), "the budget was spent");
        assertEquals(1.0, metric("reprise_cache_judge_skipped_total", "reason", "budget"));

        clock.advance(Duration.ofDays(1));
        ask(GREY_3);
        awaitHandled(3);
        assertEquals(2, upstream.judgeCalls(), "a new UTC day, a new budget");
    }

    @Test
    void should_stop_judging_beyond_the_rate_until_the_minute_has_passed() throws Exception {
        start("max-per-minute: 1");
        upstream.judge = JudgeUpstream.Judge.DIFFERENT;
        ask(STORED);
        ask(GREY);
        awaitHandled(1);
        ask(GREY_2);
        awaitHandled(2);
        assertEquals(1, upstream.judgeCalls());
        assertEquals(1.0, metric("reprise_cache_judge_skipped_total", "reason", "rate"));

        clock.advance(Duration.ofMinutes(1));
        ask(GREY_3);
        awaitHandled(3);
        assertEquals(2, upstream.judgeCalls(), "a minute later the rate allows a call again");
    }

    @Test
    void should_record_judge_calls_in_the_ledger_as_their_own_kind_with_their_cost() throws Exception {
        start("");
        ask(STORED);
        ask(GREY);
        awaitHandled(1);
        ask(GREY);
        UsageLedger ledger = fx.gateway.ledger().orElseThrow();
        String range = "from=0&to=" + clock.instant().plus(Duration.ofDays(1));
        ledger.flush();

        List<JsonNode> judgeRows = new ArrayList<>();
        admin("/admin/requests?" + range + "&limit=100").get("data").forEach(r -> {
            if (r.get("kind").asText().equals("judge")) {
                judgeRows.add(r);
            }
        });
        assertEquals(1, judgeRows.size(), judgeRows.toString());
        JsonNode row = judgeRows.getFirst();
        assertEquals("judge", row.get("model").asText());
        assertEquals(200, row.get("status").asInt());
        assertEquals(100, row.get("input_tokens").asLong());
        assertEquals(8, row.get("output_tokens").asLong());
        assertEquals(JUDGE_COST, row.get("cost_usd").asDouble(), 1e-12);

        JsonNode usage = admin("/admin/usage?" + range + "&group_by=model").get("data");
        JsonNode bot = null;
        JsonNode judgeGroup = null;
        for (JsonNode g : usage) {
            if (g.get("group").asText().equals("bot")) {
                bot = g;
            } else if (g.get("group").asText().equals("judge")) {
                judgeGroup = g;
            }
        }
        assertEquals(3, bot.get("requests").asLong(), usage.toString());
        assertEquals(0, bot.get("judge_calls").asLong());
        assertEquals(0, judgeGroup.get("requests").asLong(), "judge calls are not client requests");
        assertEquals(1, judgeGroup.get("judge_calls").asLong());
        assertEquals(JUDGE_COST, judgeGroup.get("judge_cost_usd").asDouble(), 1e-12);
        assertEquals(JUDGE_COST, judgeGroup.get("cost_usd").asDouble(), 1e-12, "cost_usd is all that was spent");
    }

    @Test
    void should_keep_labels_and_the_verified_alias_across_a_restart() throws Exception {
        start("");
        ask(STORED);
        ask(GREY);
        awaitHandled(1);
        restart("");

        List<JsonNode> pairs = pairs();
        assertEquals(1, pairs.size(), pairs.toString());
        assertEquals(1, pairs.getFirst().get("label").asInt());
        HttpResponse<String> again = ask(GREY);
        assertEquals("hit-exact", status(again));
        assertEquals(JudgeUpstream.answerTo(STORED), content(again));
        HttpResponse<String> judged = ask(ABOVE_YES);
        assertEquals("true", judged.headers().firstValue(CacheStatus.JUDGED_HEADER).orElse("(none)"),
                "the group's evidence is rebuilt from the labels");
        assertEquals(JudgeUpstream.answerTo(STORED), content(judged));
    }
}
