package dev.reprise.gateway.keys;

import dev.reprise.gateway.Gateway;
import dev.reprise.gateway.GatewayFixture;
import dev.reprise.gateway.config.GatewayConfig;
import dev.reprise.testing.TestClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Instant;

import static dev.reprise.gateway.http.ErrorAssertions.assertError;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Open mode lasts only while neither the config nor the key store has ever held a key: the first created key closes
 * the gateway at once, and revoking it, even across a restart, does not open it again.
 */
class OpenModeTest {

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

    private void start() {
        if (fx != null) {
            fx.close();
        }
        GatewayConfig config = GatewayFixture.config(VirtualKeyLifecycleTest.YAML).withDataDir(dataDir);
        fx = GatewayFixture.startIn(config, Gateway.Options.defaults().withClock(clock));
        admin = new KeysAdmin(fx);
    }

    @Test
    void should_close_with_the_first_stored_key_and_stay_closed_after_it_is_revoked() {
        start();
        assertEquals(200, admin.chat(null, "mock").statusCode(), "open: no key needed");
        assertEquals(200, admin.chat("anything", "mock").statusCode(), "open: any token");

        var created = admin.created("{\"name\":\"first\"}");
        String secret = created.get("key").asText();
        assertError(admin.chat(null, "mock"), 401, "invalid_request_error", null, "invalid_api_key");
        assertError(admin.chat("anything", "mock"), 401, "invalid_request_error", null, "invalid_api_key");
        assertEquals(200, admin.chat(secret, "mock").statusCode());

        assertEquals(200, admin.revoke(created.get("id").asText()).statusCode());
        assertError(admin.chat(null, "mock"), 401, "invalid_request_error", null, "invalid_api_key");
        assertError(admin.chat(secret, "mock"), 401, "invalid_request_error", null, "invalid_api_key");

        start();
        assertError(admin.chat(null, "mock"), 401, "invalid_request_error", null, "invalid_api_key");
        assertError(admin.chat("anything", "mock"), 401, "invalid_request_error", null, "invalid_api_key");
    }
}
