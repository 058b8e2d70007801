package dev.reprise.bench.compare;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Has a judge alias score every answer against a rubric, 1 to 5, through the same gateway and with the cache
 * bypassed. Verdicts are stored in {@code DIR/judge.jsonl} as they come, so a rerun judges only new answers.
 */
public final class AnswerJudge {

    static final String INSTRUCTIONS = """
            You grade an AI assistant's answer to a user's request against the rubric below.
            Reply with the score first, on a line of its own, as "Score: N" where N is a whole number from 1 \
            (fails the rubric) to 5 (fully meets it), then at most two sentences of reasons.

            Rubric:
            """;

    private static final ObjectMapper JSON = ResultStore.JSON;

    private final CompareClient client;
    private final Arm judge;
    private final String rubric;
    private final Path file;
    private final Map<String, JudgeVerdict> verdicts = new ConcurrentHashMap<>();

    public AnswerJudge(CompareClient client, String judgeAlias, String rubric, Path out) {
        this.client = client;
        this.judge = Arm.alias(judgeAlias);
        this.rubric = rubric;
        this.file = out.resolve("judge.jsonl");
        load();
    }

    public String alias() {
        return judge.alias();
    }

    /** Judges every answered request not judged yet; returns each arm's verdicts by request key. */
    public Map<String, Map<String, JudgeVerdict>> judge(List<ComparePrompt> prompts, List<Arm> arms,
                                                        ResultStore store, int concurrency, RunProgress progress) {
        Map<String, Map<String, JudgeVerdict>> out = new HashMap<>();
        List<Runnable> work = new ArrayList<>();
        int skipped = 0;
        for (Arm arm : arms) {
            Map<String, JudgeVerdict> armVerdicts = new ConcurrentHashMap<>();
            out.put(arm.name(), armVerdicts);
            for (ComparePrompt prompt : prompts) {
                CallResult result = store.get(arm.name(), prompt.key()).orElse(null);
                if (result == null || !result.ok()) {
                    continue;
                }
                String key = ComparePrompt.hash(judge.alias() + "\u0000" + rubric + "\u0000" + prompt.key() + "\u0000"
                        + result.answer());
                JudgeVerdict known = verdicts.get(key);
                if (known != null && known.error() == null) {
                    armVerdicts.put(prompt.key(), known);
                    skipped++;
                    continue;
                }
                work.add(() -> {
                    JudgeVerdict v = ask(key, prompt, result.answer());
                    save(v);
                    armVerdicts.put(prompt.key(), v);
                    progress.advance(v.error() == null);
                });
            }
        }
        progress.start(work.size(), skipped);
        try (ExecutorService pool = Executors.newFixedThreadPool(concurrency, Thread.ofVirtual().factory())) {
            List<Future<?>> futures = work.stream().<Future<?>>map(pool::submit).toList();
            for (Future<?> f : futures) {
                f.get();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("a judge call failed unexpectedly: " + e.getCause(), e.getCause());
        }
        return out;
    }

    private JudgeVerdict ask(String key, ComparePrompt prompt, String answer) {
        ObjectNode body = JSON.createObjectNode();
        body.put("temperature", 0);
        ArrayNode messages = body.putArray("messages");
        messages.addObject().put("role", "system").put("content", INSTRUCTIONS + rubric);
        messages.addObject().put("role", "user").put("content",
                "Request:\n" + prompt.displayText() + "\n\nAnswer:\n" + answer);
        CallResult r = client.call(judge, ComparePrompt.of("judge", body), false);
        return r.ok() ? new JudgeVerdict(key, JudgeScore.parse(r.answer()), r.answer(), null)
                : new JudgeVerdict(key, null, null, r.error());
    }

    private synchronized void save(JudgeVerdict verdict) {
        verdicts.put(verdict.key(), verdict);
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, JSON.writeValueAsString(verdict) + "\n", StandardCharsets.UTF_8,
                    StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    private void load() {
        if (!Files.isRegularFile(file)) {
            return;
        }
        try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String line;
            while ((line = reader.readLine()) != null) {
                try {
                    JudgeVerdict v = JSON.readValue(line, JudgeVerdict.class);
                    verdicts.put(v.key(), v);
                } catch (IOException e) {
                    // A torn last line from an interrupted run: that answer is judged again.
                }
            }
            ResultStore.endLine(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }
}
