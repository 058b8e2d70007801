package dev.reprise.gateway.keys;

import com.fasterxml.jackson.databind.JsonNode;
import dev.reprise.gateway.Gateway;
import dev.reprise.gateway.GatewayFixture;
import dev.reprise.gateway.LogCapture;
import dev.reprise.gateway.auth.SecretHash;
import dev.reprise.gateway.config.GatewayConfig;
import dev.reprise.testing.TestClock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A run with known secrets (a config key, the admin key, created and rotated keys, a wrong guess): no secret shows
 * up in the captured log, the access log, the ledger or the key store's files, where the key id does.
 */
class SecretsStayOutOfLogsTest {

    private static final String CONFIG_SECRET = "rk-config-a7Qx9secretvalue";
    private static final String GUESS = "rk-guess-Zz81notakey";

    @TempDir
    Path dataDir;

    @Test
    void should_show_key_ids_and_never_a_secret() throws IOException {
        Path accessLog = dataDir.resolve("access.log");
        String yaml = "keys:\n  - { id: config-key, key: " + CONFIG_SECRET + " }\n"
                + VirtualKeyLifecycleTest.YAML
                + "ledger:\n  flush-interval: 10ms\n"
                + "access-log:\n  to: " + accessLog + "\n";
        GatewayConfig config = GatewayFixture.config(yaml).withDataDir(dataDir);
        TestClock clock = new TestClock(Instant.parse("2026-12-06T10:00:00Z"));
        List<String> secrets = new ArrayList<>(List.of(CONFIG_SECRET, GUESS, KeysAdmin.ADMIN_KEY));
        String id;
        String everything;
        try (LogCapture reprise = LogCapture.of("dev.reprise");
             LogCapture warnings = LogCapture.warningsAndAbove()) {
            try (GatewayFixture fx = GatewayFixture.startIn(config, Gateway.Options.defaults().withClock(clock))) {
                KeysAdmin admin = new KeysAdmin(fx);
                JsonNode created = admin.created("{\"name\":\"app\",\"models\":[\"mock\"]}");
                id = created.get("id").asText();
                String first = created.get("key").asText();
                secrets.add(first);
                assertEquals(200, admin.chat(first, "mock").statusCode());
                assertEquals(403, admin.chat(first, "other").statusCode());
                assertEquals(200, admin.chat(CONFIG_SECRET, "other").statusCode());
                assertEquals(401, admin.chat(GUESS, "mock").statusCode());
                String second = KeysAdmin.json(admin.rotate(id, "{\"grace_period\":\"5m\"}")).get("key").asText();
                secrets.add(second);
                assertEquals(200, admin.chat(second, "mock").statusCode());
                clock.advance(Duration.ofMinutes(5));
                assertEquals(401, admin.chat(first, "mock").statusCode());
                assertEquals(200, admin.revoke(id).statusCode());
                assertEquals(401, admin.chat(second, "mock").statusCode());
            }
            everything = reprise.everything() + warnings.everything();
        }

        assertTrue(everything.contains(id), "the log names the key by its id:\n" + everything);
        String access = Files.readString(accessLog);
        assertTrue(access.contains("\"key_id\":\"" + id + "\""), access);
        assertTrue(access.contains("\"key_id\":\"config-key\""), access);
        byte[] keyStore = Files.readAllBytes(dataDir.resolve("keys.db"));
        assertTrue(contains(keyStore, SecretHash.of(secrets.get(4))), "the store keeps the secret's hash");
        List<Path> files;
        try (Stream<Path> all = Files.list(dataDir)) {
            files = all.filter(Files::isRegularFile).toList();
        }
        assertTrue(files.stream().anyMatch(f -> f.getFileName().toString().equals("ledger.db")), files.toString());
        for (String secret : secrets) {
            assertFalse(everything.contains(secret), "a secret in the log:\n" + everything);
            for (Path f : files) {
                assertFalse(contains(Files.readAllBytes(f), secret), "a secret in " + f.getFileName());
            }
        }
    }

    private static boolean contains(byte[] haystack, String needle) {
        return new String(haystack, StandardCharsets.ISO_8859_1).contains(needle);
    }
}
