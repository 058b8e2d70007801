package dev.reprise.gateway.limits;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.reprise.gateway.Gateway;
import dev.reprise.gateway.GatewayFixture;
import dev.reprise.testing.TestClock;
import org.junit.jupiter.api.Test;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;

import static dev.reprise.gateway.GatewayFixture.chat;
import static dev.reprise.gateway.limits.RequestLimitsTest.header;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A virtual key created through {@code /admin/keys} is limited by its {@code limits}, and a PATCH applies at once. */
class StoredKeyLimitsTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String ADMIN = "adm-limits-test";

    private final TestClock clock = new TestClock(Instant.parse("2026-03-02T10:00:00Z"));

    private static HttpResponse<String> admin(GatewayFixture fx, String method, String path, String body) {
        return fx.send(HttpRequest.newBuilder(fx.uri(path)).timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + ADMIN).header("Content-Type", "application/json")
                .method(method, HttpRequest.BodyPublishers.ofString(body)).build());
    }

    private static HttpResponse<String> ask(GatewayFixture fx, String secret) {
        return fx.post("/v1/chat/completions", chat("mock", "Hello"), "Authorization", "Bearer " + secret);
    }

    @Test
    void should_limit_a_stored_key_and_follow_its_edits() throws Exception {
        String yaml = GatewayFixture.MOCK_ONLY + "admin:\n  key: " + ADMIN + "\nkey-store:\n  enabled: true\n";
        try (GatewayFixture fx = GatewayFixture.start(GatewayFixture.config(yaml),
                Gateway.Options.defaults().withClock(clock))) {
            HttpResponse<String> created = admin(fx, "POST", "/admin/keys", "{\"name\":\"bot\",\"limits\":{\"rpm\":2}}");
            assertEquals(201, created.statusCode(), created.body());
            JsonNode key = JSON.readTree(created.body());
            String id = key.get("id").asText();
            String secret = key.get("key").asText();

            assertEquals(200, ask(fx, secret).statusCode());
            assertEquals(200, ask(fx, secret).statusCode());
            HttpResponse<String> refused = ask(fx, secret);
            assertEquals(429, refused.statusCode());
            assertTrue(refused.body().contains("Rate limit reached for key '" + id + "'"), refused.body());
            assertFalse(refused.body().contains(secret), "the message names the key's id, never its secret");

            assertEquals(200, admin(fx, "PATCH", "/admin/keys/" + id, "{\"limits\":{\"rpm\":5}}").statusCode());
            HttpResponse<String> raised = ask(fx, secret);
            assertEquals(200, raised.statusCode(), raised.body());
            assertEquals("5", header(raised, "x-ratelimit-limit-requests"));
            assertEquals("2", header(raised, "x-ratelimit-remaining-requests"), "5 - 2 used - this one");

            assertEquals(200, admin(fx, "PATCH", "/admin/keys/" + id, "{\"limits\":null}").statusCode());
            HttpResponse<String> unlimited = ask(fx, secret);
            assertEquals(200, unlimited.statusCode());
            assertNull(header(unlimited, "x-ratelimit-limit-requests"));
        }
    }
}
