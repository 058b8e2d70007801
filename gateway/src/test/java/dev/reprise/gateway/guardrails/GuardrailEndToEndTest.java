package dev.reprise.gateway.guardrails;

import com.fasterxml.jackson.databind.JsonNode;
import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.models.chat.completions.ChatCompletion;
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
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The PII guardrail on the real gateway, before a fake OpenAI upstream that records what it received and echoes
 * the prompt back: redaction (and restore), block, log, the cache kept clean, per-alias overrides.
 */
class GuardrailEndToEndTest {

    private static final String CARD = "4527 8301 9366 1028";
    private static final String OTHER_CARD = "5376-0411-8822-9503";

    @TempDir
    Path dir;
    private final TestClock clock = new TestClock(Instant.parse("2026-12-06T10:00:00Z"));
    private FakeUpstream upstream;
    private GatewayFixture fx;

    @BeforeEach
    void start() throws IOException {
        upstream = new FakeUpstream();
        // Echoes the prompt; the scanning alias's model also gives out an address of its own.
        upstream.answerEach(r -> OpenAiReplies.completion(
                (r.json().path("model").asText().equals("gpt-scan") ? "Write to help.desk@example.net. " : "")
                + "You said: "
                + r.json().path("messages").get(r.json().path("messages").size() - 1).path("content").asText()));
        String url = upstream.baseUrl() + "/v1";
        fx = GatewayFixture.start(GatewayFixture.config("""
                admin:
                  key: adm-1
                guardrails:
                  pii: { action: redact, restore: true }
                models:
                  - { name: support, provider: openai, model: gpt-s, base-url: %1$s, api-key: sk-up }
                  - name: strict
                    provider: openai
                    model: gpt-b
                    base-url: %1$s
                    api-key: sk-up
                    guardrails: { pii: { action: block } }
                  - name: watched
                    provider: openai
                    model: gpt-l
                    base-url: %1$s
                    api-key: sk-up
                    guardrails: { pii: { action: log } }
                  - name: shared
                    provider: openai
                    model: gpt-r
                    base-url: %1$s
                    api-key: sk-up
                    guardrails: { pii: { cache: redacted } }
                  - name: scanned
                    provider: openai
                    model: gpt-scan
                    base-url: %1$s
                    api-key: sk-up
                    guardrails: { pii: { scan-answers: true, cache: redacted } }
                cache:
                  query-log: { enabled: true }
                ledger:
                  store-text: true
                access-log:
                  to: %2$s
                  include-text: true
                """.formatted(url, dir.resolve("access.jsonl"))), Gateway.Options.defaults().withClock(clock));
    }

    @AfterEach
    void stop() {
        fx.close();
        upstream.close();
    }

    private HttpResponse<String> ask(String model, String text) {
        HttpResponse<String> r = fx.post("/v1/chat/completions", GatewayFixture.chat(model, text));
        assertTrue(fx.gateway.cache().orElseThrow().awaitPendingWrites(Duration.ofSeconds(10)));
        assertTrue(fx.gateway.queryLog().orElseThrow().awaitWrites(Duration.ofSeconds(10)));
        return r;
    }

    private static JsonNode json(String body) {
        try {
            return WireJson.mapper().readTree(body);
        } catch (IOException e) {
            throw new AssertionError(body, e);
        }
    }

    /** The prompts the query log kept, oldest first. */
    private List<String> loggedPrompts() {
        HttpResponse<String> r = fx.get("/admin/cache/export?since=2000-01-01T00:00:00Z", "Authorization", "Bearer adm-1");
        assertEquals(200, r.statusCode(), r.body());
        List<String> out = new ArrayList<>();
        r.body().lines().filter(l -> !l.isBlank()).forEach(l -> out.add(json(l).get("q").asText()));
        return out;
    }

    /** The prompts the ledger kept, in any order. */
    private List<String> ledgerPrompts() {
        fx.gateway.ledger().orElseThrow().flush();
        HttpResponse<String> r = fx.get("/admin/requests?from=0&to=2030-01-01T00:00:00Z&limit=100",
                "Authorization", "Bearer adm-1");
        assertEquals(200, r.statusCode(), r.body());
        List<String> out = new ArrayList<>();
        json(r.body()).get("data").forEach(row -> out.add(row.path("prompt").asText()));
        return out;
    }

    @Test
    void should_send_a_card_number_upstream_redacted_restore_it_in_the_answer_and_never_cache_it() {
        String prompt = "My card " + CARD + " was charged twice; refund " + CARD + " please";
        OpenAIClient sdk = OpenAIOkHttpClient.builder().baseUrl(fx.gateway.url() + "/v1").apiKey("none")
                .maxRetries(0).build();
        try {
            ChatCompletion answer = sdk.chat().completions().create(ChatCompletionCreateParams.builder()
                    .model("support").addUserMessage(prompt).build());
            assertEquals("You said: " + prompt, answer.choices().getFirst().message().content().orElseThrow(),
                    "restore: true puts the number back for the client");
        } finally {
            sdk.close();
        }
        String sent = upstream.lastRequest().body();
        assertTrue(sent.contains("My card [CARD_1] was charged twice; refund [CARD_1] please"), sent);
        assertFalse(sent.contains("9366"), sent);

        HttpResponse<String> again = ask("support", prompt);
        assertEquals(200, again.statusCode());
        assertEquals("bypass", again.headers().firstValue("x-reprise-cache").orElseThrow());
        assertEquals("guardrail-pii", again.headers().firstValue("x-reprise-cache-reason").orElseThrow());
        assertEquals(2, upstream.requests().size(), "a prompt with PII is not cached by default");
        assertEquals(List.of(), loggedPrompts(), "no cache lookup, so no query log line");
        assertEquals(List.of("My card [CARD_1] was charged twice; refund [CARD_1] please"),
                ledgerPrompts().stream().distinct().toList(), "the ledger keeps the redacted text");
        assertTrue(fx.get("/metrics").body().contains(
                "reprise_guardrail_findings_total{action=\"redact\",type=\"card\"} 4.0"));
    }

    @Test
    void should_block_pii_with_a_400_naming_the_types_not_the_values_for_an_alias_that_says_block() {
        HttpResponse<String> r = ask("strict", "Mail me at ana.ruiz@example.com, card " + CARD);
        assertEquals(400, r.statusCode());
        JsonNode error = json(r.body()).get("error");
        assertEquals("pii_detected", error.get("code").asText());
        assertEquals("invalid_request_error", error.get("type").asText());
        assertEquals("messages", error.get("param").asText());
        assertTrue(error.get("message").asText().contains("card, email"), r.body());
        assertFalse(r.body().contains("ana.ruiz") || r.body().contains("9366"), r.body());
        assertTrue(upstream.requests().isEmpty(), "a blocked prompt never reaches the provider");
        assertEquals(List.of("Mail me at [EMAIL_1], card [CARD_1]"), ledgerPrompts());
    }

    @Test
    void should_only_count_under_log_but_still_keep_the_prompt_out_of_the_cache_and_the_log_in_clear()
            throws IOException {
        String prompt = "Call me on +44 20 7946 0321";
        HttpResponse<String> r = ask("watched", prompt);
        assertEquals(200, r.statusCode());
        assertTrue(upstream.lastRequest().body().contains("+44 20 7946 0321"), "log sends the prompt as it is");
        assertEquals("guardrail-pii", r.headers().firstValue("x-reprise-cache-reason").orElseThrow());
        assertEquals(List.of(), loggedPrompts());
        assertEquals(List.of("Call me on [PHONE_1]"), ledgerPrompts());

        fx.close();
        JsonNode line = json(Files.readString(dir.resolve("access.jsonl")).strip());
        assertEquals("log", line.path("pii_action").asText());
        assertEquals("phone", line.path("pii_types").asText());
        assertEquals("Call me on [PHONE_1]", line.path("prompt").asText());
    }

    @Test
    void should_cache_on_the_redacted_form_when_asked_and_restore_each_callers_own_value() {
        HttpResponse<String> first = ask("shared", "Why was card " + CARD + " declined?");
        assertEquals("miss", first.headers().firstValue("x-reprise-cache").orElseThrow());
        HttpResponse<String> second = ask("shared", "Why was card " + OTHER_CARD + " declined?");
        assertEquals("hit-exact", second.headers().firstValue("x-reprise-cache").orElseThrow(),
                "both redact to the same prompt");
        assertEquals(1, upstream.requests().size());
        assertEquals("You said: Why was card " + OTHER_CARD + " declined?",
                json(second.body()).at("/choices/0/message/content").asText(), "the hit is restored with this caller's card");
        assertEquals(List.of("Why was card [CARD_1] declined?", "Why was card [CARD_1] declined?"), loggedPrompts());
        assertEquals(List.of("Why was card [CARD_1] declined?", "Why was card [CARD_1] declined?"), ledgerPrompts());
    }

    @Test
    void should_redact_a_plain_answer_before_it_is_cached_and_recorded_and_restore_only_the_callers_values() {
        String prompt = "I am ana@example.com, who do I write to?";
        HttpResponse<String> first = ask("scanned", prompt);
        assertEquals("Write to [EMAIL_2]. You said: " + prompt,
                json(first.body()).at("/choices/0/message/content").asText(),
                "the provider's own address stays redacted; the caller's is restored");
        HttpResponse<String> hit = ask("scanned", prompt);
        assertEquals("hit-exact", hit.headers().firstValue("x-reprise-cache").orElseThrow());
        assertEquals(json(first.body()).at("/choices/0/message/content").asText(),
                json(hit.body()).at("/choices/0/message/content").asText());
        fx.gateway.ledger().orElseThrow().flush();
        String rows = fx.get("/admin/requests?from=0&to=2030-01-01T00:00:00Z&limit=100", "Authorization",
                "Bearer adm-1").body();
        assertTrue(rows.contains("Write to [EMAIL_2]. You said: I am [EMAIL_1], who do I write to?"), rows);
        assertFalse(rows.contains("help.desk") || rows.contains("ana@"), rows);
        assertTrue(fx.get("/metrics").body().contains(
                "reprise_guardrail_findings_total{action=\"answer_redact\",type=\"email\"}"));
    }
}
