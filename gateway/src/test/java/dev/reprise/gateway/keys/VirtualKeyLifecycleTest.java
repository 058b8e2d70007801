package dev.reprise.gateway.keys;

import com.fasterxml.jackson.databind.JsonNode;
import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.errors.PermissionDeniedException;
import com.openai.errors.UnauthorizedException;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import dev.reprise.gateway.Gateway;
import dev.reprise.gateway.GatewayFixture;
import dev.reprise.gateway.config.GatewayConfig;
import dev.reprise.testing.TestClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Consumer;

import static dev.reprise.gateway.http.ErrorAssertions.assertError;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A virtual key's life through the admin API on a real gateway with a real key store: create, use from the OpenAI
 * SDK, read back without its secret, narrow its models, rotate with a grace the clock runs out, revoke, restart,
 * expire. Time is a {@link TestClock}; nothing sleeps.
 */
class VirtualKeyLifecycleTest {

    static final String YAML = """
            admin:
              key: %s
            key-store:
              rotation-grace: 1h
            models:
              - name: mock
                provider: mock
                latency: 0ms
                price: { input: 0.15, output: 0.60 }
              - name: other
                provider: mock
                latency: 0ms
                price: { input: 1.0, output: 2.0 }
            """.formatted(KeysAdmin.ADMIN_KEY);

    private final TestClock clock = new TestClock(Instant.parse("2026-12-06T10:00:00Z"));
    private GatewayFixture fx;
    private KeysAdmin admin;

    @TempDir
    Path dataDir;

    @AfterEach
    void stop() {
        if (fx != null) {
            fx.close();
        }
    }

    private void start(String yaml) {
        if (fx != null) {
            fx.close();
        }
        GatewayConfig config = GatewayFixture.config(yaml).withDataDir(dataDir);
        fx = GatewayFixture.startIn(config, Gateway.Options.defaults().withClock(clock));
        admin = new KeysAdmin(fx);
    }

    /** Runs {@code use} with an OpenAI SDK client that sends {@code secret}, then closes it. */
    private void withSdk(String secret, Consumer<OpenAIClient> use) {
        OpenAIClient client = OpenAIOkHttpClient.builder().baseUrl(fx.gateway.url() + "/v1").apiKey(secret)
                .maxRetries(0).build();
        try {
            use.accept(client);
        } finally {
            client.close();
        }
    }

    private static ChatCompletionCreateParams ask(String model) {
        return ChatCompletionCreateParams.builder().model(model).addUserMessage("What is a virtual key?").build();
    }

    @Test
    void should_run_a_key_through_create_use_patch_rotate_revoke_and_restart() {
        start(YAML);
        JsonNode created = admin.created("""
                {"name":"support bot","tenant":"acme","models":["mock","other"],
                 "limits":{"rpm":60,"tpm":100000},"budget":{"usd":5,"period":"day"},"metadata":{"team":"support"}}""");
        String id = created.get("id").asText();
        String secret = created.get("key").asText();
        assertTrue(id.matches("key_[0-9a-f]{24}"), id);
        assertTrue(secret.startsWith("rk-") && secret.length() >= 3 + 43, "rk- and 32 bytes in base64url: " + secret);
        assertEquals("acme", created.get("tenant").asText());
        assertEquals("active", created.get("status").asText());
        assertEquals(60, created.at("/limits/rpm").asLong());
        assertEquals(5.0, created.at("/budget/usd").asDouble());
        assertEquals("day", created.at("/budget/period").asText());
        assertEquals(0.8, created.at("/budget/soft_limit").asDouble());
        assertEquals("support", created.at("/metadata/team").asText());
        String survivor = admin.created("{\"name\":\"batch\"}").get("key").asText();

        // The OpenAI SDK, unmodified, with the new key.
        withSdk(secret, client -> {
            ChatCompletion answer = client.chat().completions().create(ask("mock"));
            assertTrue(answer.choices().get(0).message().content().orElseThrow().contains("virtual key"));
        });

        // Read back: the secret is never shown again.
        HttpResponse<String> list = admin.list();
        assertEquals(200, list.statusCode(), list.body());
        assertEquals(2, KeysAdmin.json(list).get("data").size());
        HttpResponse<String> one = admin.get(id);
        assertEquals(200, one.statusCode(), one.body());
        assertFalse(list.body().contains(secret) || one.body().contains(secret));
        KeysAdmin.json(list).get("data").forEach(k -> assertFalse(k.has("key"), k.toString()));
        assertFalse(KeysAdmin.json(one).has("key"), one.body());
        assertEquals("support bot", KeysAdmin.json(one).get("name").asText());
        assertTrue(one.headers().firstValue("cache-control").orElse("").contains("no-store"));

        // Narrow its models: the alias it may no longer ask for is a 403 naming the alias, not the key.
        HttpResponse<String> patched = admin.patch(id, "{\"models\":[\"other\"],\"name\":\"support bot v2\"}");
        assertEquals(200, patched.statusCode(), patched.body());
        assertEquals("[\"other\"]", KeysAdmin.json(patched).get("models").toString());
        assertEquals(60, KeysAdmin.json(patched).at("/limits/rpm").asLong(), "absent fields stay as they were");
        var refused = assertError(admin.chat(secret, "mock"), 403, "invalid_request_error", "model", "model_not_allowed");
        assertTrue(refused.get("message").asText().contains("'mock'"), refused.toString());
        assertFalse(refused.toString().contains(id) || refused.toString().contains(secret), refused.toString());
        withSdk(secret, client -> assertThrows(PermissionDeniedException.class,
                () -> client.chat().completions().create(ask("mock"))));
        assertEquals(200, admin.chat(secret, "other").statusCode());

        // Rotate with a 10-minute grace: both secrets work until the clock passes it, then only the new one.
        JsonNode rotated = KeysAdmin.json(admin.rotate(id, "{\"grace_period\":\"10m\"}"));
        String next = rotated.get("key").asText();
        assertFalse(next.equals(secret));
        assertEquals(id, rotated.get("id").asText());
        assertEquals("2026-12-06T10:10:00Z", rotated.get("previous_key_valid_until").asText());
        assertEquals(200, admin.chat(secret, "other").statusCode());
        assertEquals(200, admin.chat(next, "other").statusCode());
        clock.advance(Duration.ofMinutes(9).plusSeconds(59));
        assertEquals(200, admin.chat(secret, "other").statusCode());
        clock.advance(Duration.ofSeconds(1));
        assertError(admin.chat(secret, "other"), 401, "invalid_request_error", null, "invalid_api_key");
        assertEquals(200, admin.chat(next, "other").statusCode());
        assertFalse(KeysAdmin.json(admin.get(id)).has("previous_key_valid_until"));

        // Revoke: refused from the very next request.
        HttpResponse<String> revoked = admin.revoke(id);
        assertEquals(200, revoked.statusCode(), revoked.body());
        assertEquals("revoked", KeysAdmin.json(revoked).get("status").asText());
        assertError(admin.chat(next, "other"), 401, "invalid_request_error", null, "invalid_api_key");
        withSdk(next, client -> assertThrows(UnauthorizedException.class,
                () -> client.chat().completions().create(ask("other"))));

        // Restart on the same data-dir: the keys are still there, the revoked one still revoked.
        start(YAML);
        assertEquals(200, admin.chat(survivor, "mock").statusCode());
        assertError(admin.chat(next, "other"), 401, "invalid_request_error", null, "invalid_api_key");
        JsonNode after = KeysAdmin.json(admin.get(id));
        assertEquals("revoked", after.get("status").asText());
        assertEquals("support bot v2", after.get("name").asText());
        assertEquals("[\"other\"]", after.get("models").toString());
        assertEquals("2026-12-06T10:00:00Z", after.get("created_at").asText());
        assertEquals(KeysAdmin.json(revoked).get("revoked_at"), after.get("revoked_at"));
        assertEquals(409, admin.patch(id, "{\"name\":\"again\"}").statusCode(), "a revoked key cannot change");
    }

    @Test
    void should_refuse_a_key_from_the_instant_it_expires() {
        start(YAML);
        JsonNode created = admin.created("{\"name\":\"temp\",\"expires_at\":\"2026-12-06T12:00:00Z\"}");
        String secret = created.get("key").asText();
        assertEquals("2026-12-06T12:00:00Z", created.get("expires_at").asText());
        clock.advance(Duration.ofHours(2).minusMillis(1));
        assertEquals(200, admin.chat(secret, "mock").statusCode());
        clock.advance(Duration.ofMillis(1));
        assertError(admin.chat(secret, "mock"), 401, "invalid_request_error", null, "invalid_api_key");
        assertEquals("expired", KeysAdmin.json(admin.get(created.get("id").asText())).get("status").asText());

        // Pushing the expiry out brings it back; clearing it makes it last.
        assertEquals(200, admin.patch(created.get("id").asText(), "{\"expires_at\":null}").statusCode());
        assertEquals(200, admin.chat(secret, "mock").statusCode());
    }

    @Test
    void should_end_the_previous_secret_at_once_with_a_zero_grace_and_default_to_the_configured_grace() {
        start(YAML);
        JsonNode created = admin.created("{\"name\":\"ci\"}");
        String id = created.get("id").asText();
        String first = created.get("key").asText();
        String second = KeysAdmin.json(admin.rotate(id, "{\"grace_period\":\"0\"}")).get("key").asText();
        assertEquals(401, admin.chat(first, "mock").statusCode());
        assertEquals(200, admin.chat(second, "mock").statusCode());

        // No body: key-store.rotation-grace (1h).
        JsonNode third = KeysAdmin.json(admin.rotate(id, null));
        assertEquals("2026-12-06T11:00:00Z", third.get("previous_key_valid_until").asText());
        assertEquals(200, admin.chat(second, "mock").statusCode());
        // A second rotation ends the first grace at once: a key has at most two working secrets.
        String fourth = KeysAdmin.json(admin.rotate(id, "{}")).get("key").asText();
        assertEquals(401, admin.chat(second, "mock").statusCode());
        assertEquals(200, admin.chat(third.get("key").asText(), "mock").statusCode());
        assertEquals(200, admin.chat(fourth, "mock").statusCode());
    }

    @Test
    void should_keep_the_config_keys_working_beside_the_stored_ones() {
        start("keys:\n  - { id: ops, key: rk-config-ops, models: [other] }\n" + YAML);
        String stored = admin.created("{\"name\":\"app\",\"models\":[\"mock\"]}").get("key").asText();
        assertEquals(200, admin.chat("rk-config-ops", "other").statusCode());
        assertEquals(403, admin.chat("rk-config-ops", "mock").statusCode(), "a config key's models count too");
        assertEquals(200, admin.chat(stored, "mock").statusCode());
        assertEquals(401, admin.chat(null, "mock").statusCode());
    }
}
