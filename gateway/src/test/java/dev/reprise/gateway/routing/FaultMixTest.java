package dev.reprise.gateway.routing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import dev.reprise.gateway.GatewayFixture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A short seeded fault mix (the bench's {@code ./reprise bench faults} in small): a primary that answers 30% of calls
 * with a 500, hangs on 5%, cuts 5% of streams after their first token and drips on 5% (a 200 that sends a space or an
 * SSE comment now and then, never the answer), behind it a healthy fallback. Every plain
 * request must succeed, and every stream must either complete or, once started, end with an error event and
 * {@code [DONE]}, each event a whole frame. Plain requests go through the official SDK; streams are read raw, since
 * the SDK hides the framing this checks.
 */
class FaultMixTest {

    private static final long SEED = 19;
    private static final int REQUESTS = 25;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Map<String, AtomicInteger> calls = new ConcurrentHashMap<>();
    private final Map<String, Integer> hangs = new ConcurrentHashMap<>();
    private final AtomicInteger drips = new AtomicInteger();
    private ScriptedUpstream primary;
    private ScriptedUpstream backup;
    private GatewayFixture fx;
    private OpenAIClient client;

    @BeforeEach
    void start() throws IOException {
        primary = new ScriptedUpstream();
        primary.always(this::faulty);
        backup = new ScriptedUpstream().always(ScriptedUpstream.answer("from the backup"));
        // The primary's timeout bounds each hang; its breaker never opens, so every request meets its faults.
        fx = GatewayFixture.start("""
                models:
                  - name: primary
                    provider: openai
                    model: gpt-a
                    base-url: %s
                    api-key: sk-a
                    timeout: 300ms
                    retry: { max-attempts: 2, initial-backoff: 1ms, max-backoff: 2ms }
                    breaker: { failures: 1000000 }
                    fallbacks: [backup]
                  - name: backup
                    provider: openai
                    model: gpt-b
                    base-url: %s
                    api-key: sk-b
                """.formatted(primary.baseUrl(), backup.baseUrl()));
        client = OpenAIOkHttpClient.builder()
                .baseUrl("http://127.0.0.1:" + fx.port() + "/v1")
                .apiKey("sk-anything")
                .maxRetries(0)
                // A request held past every bound fails the test instead of hanging it.
                .timeout(Duration.ofSeconds(30))
                .build();
    }

    @AfterEach
    void stop() throws IOException {
        client.close();
        fx.close();
        primary.close();
        backup.close();
    }

    /** The fault for this call, drawn from the seed, the prompt and how often the prompt came: order does not matter. */
    private ScriptedUpstream.Reply faulty(ScriptedUpstream.Seen seen) {
        String prompt;
        boolean stream;
        try {
            JsonNode body = JSON.readTree(seen.body());
            prompt = body.path("messages").path(0).path("content").asText();
            stream = body.path("stream").asBoolean();
        } catch (IOException e) {
            throw new AssertionError(e);
        }
        int call = calls.computeIfAbsent(prompt, p -> new AtomicInteger()).getAndIncrement();
        double roll = new SplittableRandom(SEED * 1_000_003L + prompt.hashCode() * 31L + call).nextDouble();
        if (roll < 0.30) {
            return ScriptedUpstream.status(500);
        }
        if (roll < 0.35) {
            hangs.merge(prompt, 1, Integer::sum);
            return primary.hang();
        }
        if (roll < 0.40 && stream) {
            return ScriptedUpstream.streamThenCut("Hel");
        }
        if (roll >= 0.40 && roll < 0.45) {
            hangs.merge(prompt, 1, Integer::sum);
            drips.incrementAndGet();
            return primary.drip(stream);
        }
        return ScriptedUpstream.answer("from the primary").apply(seen);
    }

    @Test
    void should_answer_every_plain_request_and_end_every_started_stream_cleanly() {
        List<String> failures = new ArrayList<>();
        for (int i = 0; i < REQUESTS; i++) {
            String prompt = "plain question " + i;
            ChatCompletion completion = client.chat().completions().create(ChatCompletionCreateParams.builder()
                    .model("primary").addUserMessage(prompt).build());
            String text = completion.choices().get(0).message().content().orElse("");
            if (!text.equals("from the primary") && !text.equals("from the backup")) {
                failures.add(prompt + ": " + text);
            }
        }
        int completed = 0;
        int cleanErrors = 0;
        for (int i = 0; i < REQUESTS; i++) {
            String prompt = "streamed question " + i;
            HttpResponse<String> res = fx.post("/v1/chat/completions", "{\"model\":\"primary\",\"stream\":true,"
                    + "\"messages\":[{\"role\":\"user\",\"content\":\"" + prompt + "\"}]}");
            String ending = ending(res);
            switch (ending) {
                case "completed" -> completed++;
                case "error after start" -> cleanErrors++;
                default -> failures.add(prompt + ": " + ending);
            }
        }

        assertEquals(List.of(), failures);
        assertEquals(REQUESTS, completed + cleanErrors);
        // The seed must really stage each fault, or the test proves nothing.
        assertTrue(cleanErrors > 0, "no stream was cut");
        assertTrue(!hangs.isEmpty(), "no call hung");
        assertTrue(drips.get() > 0, "no call dripped");
        assertTrue(backup.calls() > 0, "nothing fell back");
    }

    /** How a streamed answer ended: completed, error after start, or what is wrong with it. */
    private static String ending(HttpResponse<String> res) {
        if (res.statusCode() != 200) {
            return "status " + res.statusCode() + ": " + res.body();
        }
        String body = res.body();
        if (!body.endsWith("\n\n")) {
            return "an incomplete last frame: " + body;
        }
        List<String> events = new ArrayList<>();
        for (String frame : body.split("\n\n")) {
            for (String line : frame.split("\n")) {
                if (line.startsWith("data: ")) {
                    events.add(line.substring(6));
                } else if (!line.isEmpty() && !line.startsWith(":")) {
                    return "a line that is neither data nor a comment: " + line;
                }
            }
        }
        if (events.isEmpty() || !events.getLast().equals("[DONE]")) {
            return "no [DONE] at the end: " + body;
        }
        StringBuilder text = new StringBuilder();
        for (String event : events.subList(0, events.size() - 1)) {
            JsonNode node;
            try {
                node = JSON.readTree(event);
            } catch (IOException e) {
                return "data that is not JSON: " + event;
            }
            if (node.has("error")) {
                boolean last = event.equals(events.get(events.size() - 2));
                return last && !text.isEmpty() && node.path("error").path("message").isTextual()
                        ? "error after start" : "a misplaced or bare error event: " + body;
            }
            node.path("choices").forEach(c -> text.append(c.path("delta").path("content").asText("")));
        }
        String answer = text.toString();
        return answer.equals("from the primary") || answer.equals("from the backup") ? "completed"
                : "[DONE] after the text '" + answer + "'";
    }
}
