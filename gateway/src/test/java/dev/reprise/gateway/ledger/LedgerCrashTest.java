package dev.reprise.gateway.ledger;

import com.fasterxml.jackson.databind.JsonNode;
import dev.reprise.gateway.ChildGateway;
import dev.reprise.gateway.Gateway;
import dev.reprise.gateway.GatewayFixture;
import dev.reprise.gateway.config.ConfigLoader;
import dev.reprise.gateway.config.EnvSubstitution;
import dev.reprise.gateway.config.GatewayConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;

import static dev.reprise.gateway.ledger.LedgerEndToEndTest.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The ledger of a gateway killed with {@code kill -9}: what the writer had flushed is there after a restart. */
class LedgerCrashTest {

    private static final Duration DEADLINE = Duration.ofSeconds(60);

    @TempDir
    Path dir;

    @Test
    void should_keep_every_flushed_row_after_kill_dash_nine() throws Exception {
        Path configFile = dir.resolve("reprise.yaml");
        Path data = dir.resolve("data");
        Files.writeString(configFile, """
                admin:
                  key: adm-1
                models:
                  - name: mock
                    provider: mock
                    latency: 0ms
                cache:
                  enabled: false
                data-dir: %s
                ledger:
                  flush-interval: 1s
                overload:
                  enabled: false
                """.formatted(data));
        int sent = 3;
        // Closing the child is kill -9: no shutdown hook, no close, no last flush.
        try (ChildGateway child = ChildGateway.start(configFile); HttpClient http = HttpClient.newHttpClient()) {
            for (int i = 0; i < sent; i++) {
                HttpResponse<String> res = http.send(HttpRequest.newBuilder(
                                URI.create("http://127.0.0.1:" + child.port() + "/v1/chat/completions"))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(GatewayFixture.chat("mock", "question " + i)))
                        .build(), HttpResponse.BodyHandlers.ofString());
                assertEquals(200, res.statusCode(), res.body());
            }
            // The writer flushes within a second; watch the file from outside, as another reader would.
            awaitRows(data.resolve(LedgerSettings.FILE), sent);
        }

        GatewayConfig config = new ConfigLoader(EnvSubstitution.of(Map.of())).loadFile(configFile);
        try (GatewayFixture after = GatewayFixture.startIn(config, Gateway.Options.defaults())) {
            JsonNode rows = json(after.get("/admin/requests?from=0", "Authorization", "Bearer adm-1").body());
            assertEquals(sent, rows.get("data").size(), rows.toString());
            rows.get("data").forEach(r -> assertEquals(200, r.get("status").asInt()));
        }
    }

    private static void awaitRows(Path file, int n) throws SQLException {
        long deadline = System.nanoTime() + DEADLINE.toNanos();
        long seen = -1;
        while (System.nanoTime() < deadline) {
            try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file);
                 Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM requests")) {
                seen = rs.getLong(1);
            }
            if (seen >= n) {
                return;
            }
            java.util.concurrent.locks.LockSupport.parkNanos(Duration.ofMillis(20).toNanos()); // between polls, not a timing
        }
        throw new AssertionError("the ledger had " + seen + " of " + n + " rows after " + DEADLINE.toSeconds() + " s");
    }
}
