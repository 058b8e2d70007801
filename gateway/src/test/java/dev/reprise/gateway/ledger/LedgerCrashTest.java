package dev.reprise.gateway.ledger;

import com.fasterxml.jackson.databind.JsonNode;
import dev.reprise.gateway.Gateway;
import dev.reprise.gateway.GatewayFixture;
import dev.reprise.gateway.config.ConfigLoader;
import dev.reprise.gateway.config.EnvSubstitution;
import dev.reprise.gateway.config.GatewayConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static dev.reprise.gateway.ledger.LedgerEndToEndTest.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The ledger of a gateway killed with {@code kill -9}: what the writer had flushed is there after a restart. */
class LedgerCrashTest {

    private static final Pattern LISTENING = Pattern.compile("listening on http://[^:]+:(\\d+)");
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
                """.formatted(data));
        List<String> command = new ArrayList<>();
        command.add(ProcessHandle.current().info().command().orElseThrow());
        command.addAll(List.of("--enable-native-access=ALL-UNNAMED", "--add-modules", "jdk.incubator.vector",
                "-cp", System.getProperty("java.class.path"), "dev.reprise.gateway.Main",
                "serve", "--config", configFile.toString(), "--port", "0"));
        Process child = new ProcessBuilder(command).redirectErrorStream(true).start();
        int sent = 3;
        try (HttpClient http = HttpClient.newHttpClient()) {
            int port = awaitPort(child);
            for (int i = 0; i < sent; i++) {
                HttpResponse<String> res = http.send(HttpRequest.newBuilder(
                                URI.create("http://127.0.0.1:" + port + "/v1/chat/completions"))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(GatewayFixture.chat("mock", "question " + i)))
                        .build(), HttpResponse.BodyHandlers.ofString());
                assertEquals(200, res.statusCode(), res.body());
            }
            // The writer flushes within a second; watch the file from outside, as another reader would.
            awaitRows(data.resolve(LedgerSettings.FILE), sent);
        } finally {
            child.destroyForcibly(); // SIGKILL: no shutdown hook, no close, no last flush
            assertTrue(child.waitFor(30, TimeUnit.SECONDS));
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

    private static int awaitPort(Process child) throws Exception {
        BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
        StringBuilder seen = new StringBuilder();
        long deadline = System.nanoTime() + DEADLINE.toNanos();
        String line;
        while (System.nanoTime() < deadline && (line = out.readLine()) != null) {
            seen.append(line).append('\n');
            Matcher m = LISTENING.matcher(line);
            if (m.find()) {
                Thread.ofVirtual().start(() -> out.lines().forEach(l -> { }));
                return Integer.parseInt(m.group(1));
            }
        }
        throw new AssertionError("the child gateway did not start:\n" + seen);
    }
}
