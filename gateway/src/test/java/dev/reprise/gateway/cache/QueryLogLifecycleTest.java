package dev.reprise.gateway.cache;

import com.fasterxml.jackson.databind.JsonNode;
import dev.reprise.gateway.Gateway;
import dev.reprise.gateway.GatewayFixture;
import dev.reprise.gateway.config.GatewayConfig;
import dev.reprise.gateway.querylog.QueryLog;
import dev.reprise.models.wire.WireJson;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The query log across restarts and crashes, and with the log off: each test runs its own gateway. */
class QueryLogLifecycleTest {

    static final String[] ADMIN = {"Authorization", "Bearer admin-secret"};

    @TempDir
    Path dataDir;

    private GatewayConfig config(String cacheSection) {
        return CacheLifecycleTest.config(CacheLifecycleTest.MODELS + cacheSection, dataDir);
    }

    private static void ask(GatewayFixture gw, String text, String intent) {
        HttpResponse<String> r = gw.post("/v1/chat/completions", GatewayFixture.chat("mock", text),
                QueryLogStage.INTENT_HEADER, intent);
        assertEquals(200, r.statusCode(), r.body());
        assertTrue(gw.gateway.queryLog().orElseThrow().awaitWrites(Duration.ofSeconds(10)));
    }

    private static List<String> exportedQueries(GatewayFixture gw) throws IOException {
        HttpResponse<String> r = gw.get("/admin/cache/export", ADMIN);
        assertEquals(200, r.statusCode(), r.body());
        List<String> qs = new java.util.ArrayList<>();
        for (String line : r.body().split("\n")) {
            qs.add(WireJson.mapper().readTree(line).get("q").asText());
        }
        return qs;
    }

    @Test
    void should_keep_the_log_across_a_restart_and_skip_a_line_torn_by_a_crash() throws IOException {
        GatewayConfig config = config("cache:\n  query-log:\n    enabled: true\n    max-size: 1MiB\n");
        try (GatewayFixture first = GatewayFixture.startIn(config, Gateway.Options.defaults())) {
            ask(first, "Can I change my username?", "account");
            ask(first, "Can I change my email address?", "account");
        }
        Path folder = dataDir.resolve(QueryLog.FOLDER);
        Path last;
        try (Stream<Path> files = Files.list(folder)) {
            last = files.sorted().toList().getLast();
        }
        // What a kill -9 in the middle of a write leaves behind.
        Files.writeString(last, "{\"type\":\"query\",\"time\":\"2025-06-01T08:00:00Z\",\"q\":\"half a li",
                StandardCharsets.UTF_8, StandardOpenOption.APPEND);

        try (GatewayFixture second = GatewayFixture.startIn(config, Gateway.Options.defaults())) {
            ask(second, "Can I delete my account?", "account_delete");

            assertEquals(List.of("Can I change my username?", "Can I change my email address?",
                    "Can I delete my account?"), exportedQueries(second));
        }
    }

    @Test
    void should_say_how_to_turn_the_log_on_when_it_is_off_and_still_check_the_label() throws IOException {
        try (GatewayFixture gw = GatewayFixture.startIn(config("cache:\n  similarity-threshold: 0.95\n"),
                Gateway.Options.defaults())) {
            HttpResponse<String> export = gw.get("/admin/cache/export", ADMIN);
            HttpResponse<String> badLabel = gw.post("/v1/chat/completions", GatewayFixture.chat("mock", "Hello there"),
                    QueryLogStage.INTENT_HEADER, "x".repeat(200));
            HttpResponse<String> goodLabel = gw.post("/v1/chat/completions", GatewayFixture.chat("mock", "Hello there"),
                    QueryLogStage.INTENT_HEADER, "greeting");

            assertEquals(409, export.statusCode(), export.body());
            JsonNode error = WireJson.mapper().readTree(export.body()).get("error");
            assertEquals("query_log_disabled", error.get("code").asText());
            assertTrue(error.get("message").asText().contains("cache.query-log.enabled: true"), error.toString());
            assertEquals(400, badLabel.statusCode(), "the label is checked whether or not the log is on");
            assertEquals(200, goodLabel.statusCode());
            assertTrue(gw.gateway.queryLog().isEmpty());
            assertFalse(Files.exists(dataDir.resolve(QueryLog.FOLDER)), "nothing is written with the log off");
        }
    }
}
