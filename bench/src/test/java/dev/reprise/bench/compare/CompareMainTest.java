package dev.reprise.bench.compare;

import dev.reprise.gateway.config.ConfigLoader;
import dev.reprise.gateway.config.EnvSubstitution;
import dev.reprise.testing.FakeUpstream;
import dev.reprise.testing.OpenAiReplies;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code ./reprise compare} end to end: the real gateway in-process on port 0, the built-in mock provider twice
 * ({@code mock} and {@code twin}, which answer alike), an OpenAI alias on a fake upstream ({@code other}) and one
 * whose upstream fails ({@code broken}).
 */
class CompareMainTest {

    private static final ConfigLoader LOADER = new ConfigLoader(EnvSubstitution.of(Map.of()));

    @TempDir
    Path dir;

    private FakeUpstream upstream;
    private Path config;
    private Path prompts;

    @BeforeEach
    void start() throws IOException {
        upstream = new FakeUpstream();
        upstream.answerEach(request -> {
            String model = request.json().path("model").asText();
            if (model.equals("broken-model")) {
                return OpenAiReplies.error(500, "upstream is down", Map.of());
            }
            if (model.equals("stall-model")) {
                return FakeUpstream.stall("text/event-stream", List.of("data: {\"id\":\"c\",\"object\":"
                        + "\"chat.completion.chunk\",\"created\":1,\"model\":\"stall-model\",\"choices\":[{\"index\":0,"
                        + "\"delta\":{\"role\":\"assistant\",\"content\":\"Half an \"},\"finish_reason\":null}]}\n\n"));
            }
            if (model.equals("judge-model")) {
                String asked = request.json().path("messages").path(1).path("content").asText();
                return OpenAiReplies.completion(asked.contains("Paris") ? "Score: 4\nClear and right." : "Hmm.");
            }
            return request.json().path("stream").asBoolean()
                    ? OpenAiReplies.stream("Paris is ", "the capital.")
                    : OpenAiReplies.completion("Paris is the capital.");
        });
        config = dir.resolve("reprise.yaml");
        Files.writeString(config, """
                models:
                  - { name: mock, provider: mock, latency: 0ms }
                  - { name: twin, provider: mock, latency: 0ms }
                  - name: other
                    provider: openai
                    model: gpt-4o-mini
                    base-url: %1$s/v1
                    api-key: sk-test
                    price: { input: 1.0, output: 2.0 }
                    retry: { max-attempts: 1 }
                  - name: broken
                    provider: openai
                    model: broken-model
                    base-url: %1$s/v1
                    api-key: sk-test
                    retry: { max-attempts: 1 }
                  - name: stalled
                    provider: openai
                    model: stall-model
                    base-url: %1$s/v1
                    api-key: sk-test
                    retry: { max-attempts: 1 }
                  - name: judge
                    provider: openai
                    model: judge-model
                    base-url: %1$s/v1
                    api-key: sk-test
                  - name: support
                    provider: mock
                    latency: 0ms
                    variants:
                      - { name: control, weight: 1 }
                      - { name: upstream, weight: 1, alias: other }
                """.formatted(upstream.baseUrl()));
        prompts = dir.resolve("prompts.jsonl");
        Files.writeString(prompts, """
                {"q": "What is the capital of France?"}
                {"model": "ignored", "messages": [{"role": "user", "content": "Name France's capital."}]}

                {"q": "Which city is France's capital?", "intent": "geo", "request_id": "req_1", "cache": "miss"}
                """);
    }

    @AfterEach
    void stop() {
        upstream.close();
    }

    @Test
    void should_report_counts_errors_tokens_cost_and_similarity_per_alias() throws IOException {
        CompareReport report = compare("--models", "mock,twin,other,broken");

        ArmSummary mock = summary(report, "mock");
        ArmSummary twin = summary(report, "twin");
        ArmSummary other = summary(report, "other");
        ArmSummary broken = summary(report, "broken");
        assertEquals(3, mock.requests());
        assertEquals(0, mock.errors());
        assertNull(mock.compared(), "the reference is not compared with itself");
        assertEquals(3, twin.compared());
        assertEquals(1.0, twin.meanSimilarity(), 1e-5, "the two mock aliases give the same answers");
        assertEquals(1.0, twin.similarShare());
        assertEquals(3, other.requests());
        assertEquals(0, other.errors());
        assertEquals(33, other.inputTokens(), "11 prompt tokens a request, from the stream's usage");
        assertEquals(6, other.outputTokens());
        assertEquals(3 * (11 * 1.0 + 2 * 2.0) / 1e6, other.costUsd(), 1e-12, "at the config's price for other");
        assertTrue(other.meanSimilarity() < 0.9, "a different answer: " + other.meanSimilarity());
        assertEquals(0.0, other.similarShare());
        assertTrue(other.ttftP50Ms() != null && mock.ttftP50Ms() != null, "streamed: time to first token is known");
        assertEquals(3, broken.requests());
        assertEquals(3, broken.errors());
        assertEquals(1.0, broken.errorRate());
        assertEquals(0, broken.compared(), "no answer to compare");
        assertEquals(6, upstream.requests().size(), "other and broken asked once per request, retries off");
        assertTrue(upstream.requests().stream().allMatch(r -> r.json().path("stream").asBoolean()));

        CallResult answered = report.store().get("other", report.prompts().getFirst().key()).orElseThrow();
        assertEquals("Paris is the capital.", answered.answer());
        assertEquals("bypass", answered.cache(), "the cache neither looked up nor stored");
        CallResult failed = report.store().get("broken", report.prompts().getFirst().key()).orElseThrow();
        assertTrue(failed.error().startsWith("HTTP 5"), failed.error());

        String table = report.table();
        assertTrue(table.contains("| broken | 3 | 3 (100.0%) |"), table);
        assertTrue(table.contains("| twin | 3 | 0 (0.0%) |") && table.contains("| 1.000 (n=3) | 100.0% |"), table);
        String html = Files.readString(dir.resolve("out/report.html"));
        assertTrue(html.contains("Paris is the capital.") && html.contains("Which city is France&#39;s capital?"), html);
        String markdown = Files.readString(dir.resolve("out/report.md"));
        assertTrue(markdown.contains("### 2. line 2") && markdown.contains("Name France's capital."), markdown);
        assertTrue(markdown.contains("**broken** (") && markdown.contains("HTTP 502: "), markdown);
    }

    @Test
    void should_skip_done_work_on_a_rerun_and_run_only_what_is_missing() throws IOException {
        compare("--models", "mock,other,broken");
        assertEquals(6, upstream.requests().size());

        CompareReport again = compare("--models", "mock,other,broken", "--warmup", "2");
        assertEquals(6, upstream.requests().size(), "nothing sent, not even a warm-up: every result is stored");
        assertEquals(3, summary(again, "other").requests());

        Path otherResults = dir.resolve("out/results/other.jsonl");
        List<String> lines = Files.readAllLines(otherResults);
        Files.write(otherResults, lines.subList(0, 2));
        Files.writeString(otherResults, "{\"arm\":\"other\",\"key\":", java.nio.file.StandardOpenOption.APPEND);
        compare("--models", "mock,other,broken", "--warmup", "1");
        assertEquals(8, upstream.requests().size(), "one warm-up call of other, then its lost (and torn) result");

        compare("--models", "mock,other,broken", "--retry-errors");
        assertEquals(11, upstream.requests().size(), "--retry-errors asks broken's three again");
    }

    @Test
    void should_score_answers_with_a_judge_alias_and_count_replies_without_a_score() throws IOException {
        Path rubric = dir.resolve("rubric.txt");
        Files.writeString(rubric, "The answer names Paris.");

        CompareReport report = compare("--models", "mock,other", "--judge", "judge", "--rubric", rubric.toString());

        ArmSummary other = summary(report, "other");
        ArmSummary mock = summary(report, "mock");
        assertEquals(3, other.judged());
        assertEquals(4.0, other.meanScore());
        assertEquals(0, mock.judged());
        assertEquals(3, mock.unscored(), "the judge's 'Hmm.' holds no score");
        assertTrue(report.judgeNote().contains("`judge` judged"), report.judgeNote());
        assertTrue(report.table().contains("| 4.00 (n=3) |"), report.table());
        long judgeCalls = upstream.requests().stream().filter(r -> r.json().path("model").asText().equals("judge-model"))
                .count();
        assertEquals(6, judgeCalls);
        assertTrue(upstream.requests().stream().filter(r -> r.json().path("model").asText().equals("judge-model"))
                .allMatch(r -> r.json().path("messages").path(0).path("content").asText().contains("names Paris")));

        compare("--models", "mock,other", "--judge", "judge", "--rubric", rubric.toString());
        assertEquals(6, upstream.requests().stream().filter(r -> r.json().path("model").asText().equals("judge-model"))
                .count(), "answers judged before are not judged again");
    }

    @Test
    void should_run_each_variant_of_an_alias_as_its_own_column() throws IOException {
        CompareReport report = compare("--models", "support", "--variants", "--no-stream");

        assertEquals(List.of("support/control", "support/upstream"), report.arms().stream().map(Arm::name).toList());
        CallResult control = report.store().get("support/control", report.prompts().getFirst().key()).orElseThrow();
        CallResult other = report.store().get("support/upstream", report.prompts().getFirst().key()).orElseThrow();
        assertTrue(control.ok() && other.ok(), control + " / " + other);
        assertEquals("control", control.variant());
        assertEquals("mock", control.provider());
        assertEquals("upstream", other.variant());
        assertEquals("Paris is the capital.", other.answer());
        assertNull(other.ttftMs(), "not streamed: no time to first token");
        assertEquals(0, summary(report, "support/upstream").errors());
    }

    @Test
    void should_count_an_answer_that_stalls_after_its_first_words_as_an_error_after_the_timeout() throws IOException {
        CompareReport report = compare("--models", "mock,stalled", "--timeout", "1");

        ArmSummary stalled = summary(report, "stalled");
        assertEquals(3, stalled.errors());
        CallResult r = report.store().get("stalled", report.prompts().getFirst().key()).orElseThrow();
        // Whether the gateway's headers went out before the stall decides which bound ends the call; either way it
        // ends after --timeout as an error.
        assertTrue(r.error().startsWith("no answer: ") && r.error().endsWith(" within 1 s"), r.error());
    }

    /** Runs with the test's config, output folder and prompts, and without warm-up calls unless told. */
    private CompareReport compare(String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        if (!all.contains("--warmup")) {
            all.addAll(List.of("--warmup", "0"));
        }
        all.addAll(List.of("--config", config.toString(), "--out", dir.resolve("out").toString(), prompts.toString()));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PrintStream stream = new PrintStream(out, true, StandardCharsets.UTF_8);
        CompareReport report = CompareMain.execute(CompareOptions.parse(all.toArray(String[]::new)), LOADER, stream, stream,
                label -> RunProgress.NONE);
        assertTrue(out.toString(StandardCharsets.UTF_8).contains("| alias | requests |"), out.toString());
        return report;
    }

    private static ArmSummary summary(CompareReport report, String arm) {
        return report.summaries().stream().filter(s -> s.arm().equals(arm)).findFirst().orElseThrow();
    }
}
