package dev.reprise.gateway.cache;

import com.fasterxml.jackson.databind.JsonNode;
import dev.reprise.gateway.FakeProviders;
import dev.reprise.gateway.ChildGateway;
import dev.reprise.gateway.Gateway;
import dev.reprise.gateway.GatewayFixture;
import dev.reprise.gateway.config.ConfigLoader;
import dev.reprise.gateway.config.EnvSubstitution;
import dev.reprise.gateway.config.GatewayConfig;
import dev.reprise.gateway.reload.ConfigReload;
import dev.reprise.models.provider.ProviderException;
import dev.reprise.models.wire.WireJson;
import dev.reprise.testing.TestClock;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.store.FSDirectory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.stream.Stream;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The cache across restarts, crashes, time and config edits: each test runs its own gateway. */
class CacheLifecycleTest {

    static final String MODELS = """
            admin:
              key: admin-secret
            models:
              - name: mock
                provider: mock
                latency: 0ms
            """;

    @TempDir
    Path dataDir;

    /**
     * The fixture's test config in {@code dataDir}: with the overload control and the injection detector off unless
     * named, as in every other test. Built here without them, a busy machine's scheduler lag degraded the gateway,
     * which then skipped the injection inspection and so stored nothing: an answer the test expected as a hit was a
     * miss (seen once in a busy-core run).
     */
    static GatewayConfig config(String yaml, Path dataDir) {
        return GatewayFixture.config(yaml).withDataDir(dataDir);
    }

    private static String chat(String text) {
        return GatewayFixture.chat("mock", text);
    }

    private static String status(HttpResponse<String> r) {
        return r.headers().firstValue(CacheStatus.HEADER).orElse("(none)");
    }

    @Test
    void should_keep_the_data_dir_for_its_owner_only() throws Exception {
        Path data = dataDir.resolve("data");
        Files.createDirectories(data);
        Files.setPosixFilePermissions(data, PosixFilePermissions.fromString("rwxr-xr-x")); // as umask 022 leaves it
        GatewayConfig config = config(MODELS + "cache:\n  query-log:\n    enabled: true\n", data);
        try (GatewayFixture gateway = GatewayFixture.startIn(config, Gateway.Options.defaults())) {
            assertEquals("miss", status(gateway.post("/v1/chat/completions", chat("Where is my parcel?"))));
            assertTrue(gateway.gateway.cache().orElseThrow().awaitPendingWrites(Duration.ofSeconds(10)));
        }

        // Nobody else may enter the data dir or any folder in it; the files inside are out of their reach.
        try (Stream<Path> all = Files.walk(data)) {
            for (Path p : all.filter(Files::isDirectory).toList()) {
                assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(p)), p.toString());
            }
        }
    }

    @Test
    void should_keep_an_entry_across_a_clean_restart() {
        GatewayConfig config = config(MODELS + "cache:\n  similarity-threshold: 0.95\n", dataDir);
        try (GatewayFixture first = GatewayFixture.startIn(config, Gateway.Options.defaults())) {
            assertEquals("miss", status(first.post("/v1/chat/completions", chat("Can I change my username?"))));
            assertTrue(first.gateway.cache().orElseThrow().awaitPendingWrites(Duration.ofSeconds(10)));
        }
        try (GatewayFixture second = GatewayFixture.startIn(config, Gateway.Options.defaults())) {
            assertEquals("hit-exact", status(second.post("/v1/chat/completions", chat("Can I change my username?"))));
        }
    }

    @Test
    void should_count_a_hit_after_a_restart_under_the_cache_not_the_provider() {
        GatewayConfig config = config(MODELS + "cache:\n  similarity-threshold: 0.95\n", dataDir);
        try (GatewayFixture first = GatewayFixture.startIn(config, Gateway.Options.defaults())) {
            assertEquals("miss", status(first.post("/v1/chat/completions", chat("Can I change my username?"))));
            assertTrue(first.gateway.cache().orElseThrow().awaitPendingWrites(Duration.ofSeconds(10)));
        }
        try (GatewayFixture second = GatewayFixture.startIn(config, Gateway.Options.defaults())) {
            HttpResponse<String> hit = second.post("/v1/chat/completions", chat("Can I change my username?"));
            assertEquals("hit-exact", status(hit));
            assertEquals("cache", hit.headers().firstValue("x-reprise-provider").orElse(null));
            String metrics = second.get("/metrics").body();
            assertTrue(metrics.contains("reprise_requests_total{model=\"mock\",provider=\"cache\",status=\"200\"} 1.0"),
                    metrics);
            assertFalse(metrics.contains("reprise_requests_total{model=\"mock\",provider=\"mock\""),
                    "no provider was called: " + metrics);
        }
    }

    @Test
    void should_never_serve_an_entry_stored_under_another_embedding_model() {
        GatewayConfig minilm = config(MODELS + "cache:\n  similarity-threshold: 0.80\n", dataDir);
        try (GatewayFixture first = GatewayFixture.startIn(minilm, Gateway.Options.defaults())) {
            assertEquals("miss", status(first.post("/v1/chat/completions", chat("Can I change my username?"))));
            assertTrue(first.gateway.cache().orElseThrow().awaitPendingWrites(Duration.ofSeconds(10)));
        }
        // Both packaged models make 384-d vectors: without the model in the key, the index would compare them.
        GatewayConfig bge = config(MODELS + "cache:\n  similarity-threshold: 0.80\n"
                + "  embedding-model: bge-small-en-v15-q\n", dataDir);
        try (GatewayFixture second = GatewayFixture.startIn(bge, Gateway.Options.defaults())) {
            assertEquals("miss", status(second.post("/v1/chat/completions", chat("Can I change my username?"))),
                    "the MiniLM entry is in another namespace");
        }
    }

    @Test
    void should_keep_committed_entries_after_kill_dash_nine() throws Exception {
        Path configFile = dataDir.resolve("reprise.yaml");
        Path index = dataDir.resolve("data");
        // The overload control off, as in every test that does not name it: degraded, it would store nothing.
        Files.writeString(configFile, MODELS + "data-dir: " + index + "\ncache:\n  commit-interval: 200ms\n"
                + "overload:\n  enabled: false\n");
        try (ChildGateway child = ChildGateway.start(configFile)) {
            GatewayFixtureClient client = new GatewayFixtureClient(child.port());
            assertEquals("miss", status(client.post(chat("Do you price match competitors?"))));
            // The answer is stored after it is sent, then committed within commit-interval (200 ms): read the
            // index's last commit from here, as the next start will, before the child is killed.
            awaitCommitted(index.resolve(ResponseCache.INDEX_FOLDER));
        }

        GatewayConfig config = new ConfigLoader(EnvSubstitution.of(Map.of())).loadFile(configFile);
        try (GatewayFixture after = GatewayFixture.startIn(config.withServer(config.server().withPort(0)),
                Gateway.Options.defaults())) {
            assertEquals("hit-exact", status(after.post("/v1/chat/completions", chat("Do you price match competitors?"))),
                    "an entry committed before kill -9 must survive it");
        }
    }

    @Test
    void should_expire_an_entry_by_the_injected_clock() {
        TestClock clock = new TestClock(Instant.parse("2026-01-01T00:00:00Z"));
        GatewayConfig config = config(MODELS + "cache:\n  ttl: 1h\n", dataDir);
        try (GatewayFixture gw = GatewayFixture.startIn(config, Gateway.Options.defaults().withClock(clock))) {
            ResponseCache cache = gw.gateway.cache().orElseThrow();
            gw.post("/v1/chat/completions", chat("What is the warranty period?"));
            gw.post("/v1/chat/completions", chat("How do I book a repair?"), CacheKeyStage.TTL_HEADER, "60");
            assertTrue(cache.awaitPendingWrites(Duration.ofSeconds(10)));

            clock.advance(Duration.ofSeconds(61));
            String shortLived = status(gw.post("/v1/chat/completions", chat("How do I book a repair?")));
            String longLived = status(gw.post("/v1/chat/completions", chat("What is the warranty period?")));
            clock.advance(Duration.ofHours(1));
            String expired = status(gw.post("/v1/chat/completions", chat("What is the warranty period?")));

            cache.apply(cache.settings().withTtl(Duration.ofMinutes(30)));
            String shortenedByReload = status(gw.post("/v1/chat/completions", chat("What is the warranty period?")));
            cache.apply(cache.settings().withTtl(Duration.ofHours(1)));

            String seen = "short-lived " + shortLived + ", long-lived " + longLived + ", expired " + expired
                    + ", after the reload " + shortenedByReload;
            assertEquals("miss", shortLived, "x-reprise-cache-ttl: 60 must expire after 61 s; " + seen);
            assertEquals("hit-exact", longLived, "cache.ttl 1h must still hold after 61 s; " + seen);
            assertEquals("miss", expired, "cache.ttl 1h must expire after 1h01; " + seen);
            // The expired question was answered again at 1h01 and stored: 0 s old, within a 30 min TTL.
            assertEquals("hit-exact", shortenedByReload, "a fresh answer is within a 30 min TTL; " + seen);
            gw.post("/v1/chat/completions", chat("Can I return a gift?"));
            assertTrue(cache.awaitPendingWrites(Duration.ofSeconds(10)));
            clock.advance(Duration.ofMinutes(10));
            cache.apply(cache.settings().withTtl(Duration.ofMinutes(5)));
            assertEquals("miss", status(gw.post("/v1/chat/completions", chat("Can I return a gift?"))),
                    "shortening cache.ttl must expire older entries too");
        }
    }

    @Test
    void should_apply_a_threshold_edit_without_restart_and_refuse_a_bad_one() throws Exception {
        Path configFile = dataDir.resolve("reprise.yaml");
        Files.writeString(configFile, MODELS + "cache:\n  similarity-threshold: 0.999\n");
        GatewayConfig config = config(Files.readString(configFile), dataDir.resolve("data"));
        Gateway.Options options = Gateway.Options.defaults().watching(configFile, Duration.ofMillis(100));
        try (GatewayFixture gw = GatewayFixture.startIn(config, options)) {
            ResponseCache cache = gw.gateway.cache().orElseThrow();
            gw.post("/v1/chat/completions", chat("How do I reset my password?"));
            assertTrue(cache.awaitPendingWrites(Duration.ofSeconds(10)));
            assertEquals("miss", status(gw.post("/v1/chat/completions", chat("How can I reset my password?"))));

            Files.writeString(configFile, MODELS + "cache:\n  similarity-threshold: 0.90\n");
            awaitThreshold(cache, 0.90);
            assertEquals("hit-semantic", status(gw.post("/v1/chat/completions", chat("How could I reset my password?"))));

            Files.writeString(configFile, MODELS + "cache:\n  similarity-threshold: 7\n");
            awaitReloads(gw, "refused", 1);
            assertEquals(0.90, cache.settings().similarityThreshold(), "an invalid edit must keep the old value");

            Files.writeString(configFile, MODELS + "cache:\n  similarity-threshold: 0.90\n  embedding-model: bge-small-en-v15-q\n");
            awaitReloads(gw, "refused", 2);
            assertEquals("all-minilm-l6-v2-q", cache.settings().embeddingModel().id(),
                    "the model changes only with a restart");
        }
    }

    @Test
    void should_guard_the_admin_api_and_serve_every_endpoint() throws Exception {
        GatewayConfig config = config(MODELS + "cache:\n  similarity-threshold: 0.95\n", dataDir);
        try (GatewayFixture gw = GatewayFixture.startIn(config, Gateway.Options.defaults())) {
            ResponseCache cache = gw.gateway.cache().orElseThrow();
            HttpResponse<String> miss = gw.post("/v1/chat/completions", chat("Where can I find my invoice?"));
            assertTrue(cache.awaitPendingWrites(Duration.ofSeconds(10)));
            gw.post("/v1/chat/completions", chat("Where can I find my invoice?"));
            gw.post("/v1/chat/completions", chat("Do you sell refurbished phones?"));
            assertTrue(cache.awaitPendingWrites(Duration.ofSeconds(10)));
            String admin = "Bearer admin-secret";

            assertEquals(401, gw.get("/admin/cache/stats").statusCode());
            assertEquals(401, gw.get("/admin/cache/stats", "Authorization", "Bearer wrong").statusCode());
            JsonNode stats = json(gw.get("/admin/cache/stats", "Authorization", admin));
            assertEquals(2, stats.path("entries").asLong(), stats.toString());
            assertEquals(1, stats.path("exact_hits").asLong(), stats.toString());
            assertTrue(stats.path("bytes_on_disk").asLong() > 0, stats.toString());

            JsonNode lookup = json(gw.post("/admin/cache/lookup", chat("Where do I find my invoice?"), "Authorization", admin));
            assertEquals("where can i find my invoice", lookup.path("candidates").path(0).path("matched_text").asText(),
                    lookup.toString());
            String invoiceId = lookup.path("candidates").path(0).path("id").asText();
            assertEquals(invoiceId, json(gw.get("/admin/cache/entries/" + invoiceId, "Authorization", admin)).path("id").asText());

            JsonNode feedback = json(gw.post("/admin/cache/entries/" + invoiceId + "/feedback", "{\"correct\":false}",
                    "Authorization", admin));
            assertTrue(feedback.path("evicted").asBoolean(), feedback.toString());
            assertEquals("miss", status(gw.post("/v1/chat/completions", chat("Where can I find my invoice?"))),
                    "an entry reported wrong must be gone");
            assertEquals(1, json(gw.get("/admin/cache/stats", "Authorization", admin)).path("wrong_hits_reported").asLong());
            assertEquals(404, gw.send(java.net.http.HttpRequest.newBuilder(gw.uri("/admin/cache/entries/" + invoiceId))
                    .header("Authorization", admin).DELETE().build()).statusCode());
            assertEquals(400, gw.post("/admin/cache/entries/x/feedback", "{\"correct\":\"no\"}", "Authorization", admin)
                    .statusCode());
            assertTrue(cache.awaitPendingWrites(Duration.ofSeconds(10)));

            String phoneId = json(gw.post("/admin/cache/lookup", chat("Do you sell refurbished phones?"), "Authorization",
                    admin)).path("candidates").path(0).path("id").asText();
            HttpResponse<String> deleted = gw.send(java.net.http.HttpRequest.newBuilder(gw.uri("/admin/cache/entries/" + phoneId))
                    .header("Authorization", admin).DELETE().build());
            assertEquals(200, deleted.statusCode(), deleted.body());
            HttpResponse<String> all = gw.send(java.net.http.HttpRequest.newBuilder(gw.uri("/admin/cache?model=mock"))
                    .header("Authorization", admin).DELETE().build());
            assertEquals(200, all.statusCode(), all.body());
            assertEquals(0, json(gw.get("/admin/cache/stats", "Authorization", admin)).path("entries").asLong());
            assertNotNull(miss.headers().firstValue("x-request-id").orElse(null));
        }
    }

    @Test
    void should_turn_the_admin_api_off_without_an_admin_key() {
        GatewayConfig config = config("models:\n  - name: mock\n    provider: mock\ncache:\n  enabled: true\n", dataDir);
        try (GatewayFixture gw = GatewayFixture.startIn(config, Gateway.Options.defaults())) {
            HttpResponse<String> r = gw.get("/admin/cache/stats", "Authorization", "Bearer anything");
            assertEquals(403, r.statusCode());
            assertEquals("admin_disabled", json(r).path("error").path("code").asText());
        }
    }

    @Test
    void should_never_store_a_stream_that_failed_midway() {
        GatewayConfig config = config("""
                models:
                  - name: flaky
                    provider: openai
                    model: gpt-4o-mini
                    api-key: sk-unused
                cache:
                  similarity-threshold: 0.95
                """, dataDir);
        CountingProviders upstream = new CountingProviders(d -> new FakeProviders.FailsMidStream(d,
                new ProviderException.ServerError("openai", 500, "boom", null)));
        try (GatewayFixture gw = GatewayFixture.startIn(config, Gateway.Options.defaults().withProviderFactory(upstream))) {
            String body = "{\"model\":\"flaky\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"Cancel my order\"}]}";
            HttpResponse<String> first = gw.post("/v1/chat/completions", body);
            assertTrue(gw.gateway.cache().orElseThrow().awaitPendingWrites(Duration.ofSeconds(10)));
            gw.post("/v1/chat/completions", body);

            assertTrue(first.body().contains("\"error\""), first.body());
            assertEquals(2, upstream.calls("flaky"), "a stream cut by an error must not be served from the cache");
            assertEquals(0, gw.gateway.cache().orElseThrow().stats().entries());
        }
    }

    @Test
    void should_keep_texts_longer_than_the_model_window_out_of_the_semantic_tier() {
        GatewayConfig config = config(MODELS + "cache:\n  similarity-threshold: 0.5\n", dataDir);
        String head = "please explain the refund policy in detail. ".repeat(40);
        try (GatewayFixture gw = GatewayFixture.startIn(config, Gateway.Options.defaults())) {
            ResponseCache cache = gw.gateway.cache().orElseThrow();
            HttpResponse<String> first = gw.post("/v1/chat/completions", chat(head + "for orders from Germany"));
            assertTrue(cache.awaitPendingWrites(Duration.ofSeconds(10)));
            HttpResponse<String> other = gw.post("/v1/chat/completions", chat(head + "for orders from Japan"));
            HttpResponse<String> same = gw.post("/v1/chat/completions", chat(head + "for orders from Germany"));

            assertEquals("too-long-for-semantic", first.headers().firstValue(CacheStatus.REASON_HEADER).orElseThrow());
            assertEquals("miss", status(other), "texts that differ only past the window must not match");
            assertEquals("hit-exact", status(same));
        }
    }

    @Test
    void should_dry_run_a_lookup_through_the_same_route_and_variant_as_traffic() {
        GatewayConfig config = config("""
                admin:
                  key: admin-secret
                models:
                  - name: support
                    provider: mock
                    latency: 0ms
                    variants:
                      - { name: concise, weight: 1, prompt: "Answer in one sentence.", prompt-mode: prefix }
                  - name: cheap
                    provider: mock
                    latency: 0ms
                routes:
                  - name: classification
                    match: { task-type: classification }
                    alias: cheap
                cache:
                  similarity-threshold: 0.95
                """, dataDir);
        try (GatewayFixture gw = GatewayFixture.startIn(config, Gateway.Options.defaults())) {
            gw.post("/v1/chat/completions", GatewayFixture.chat("support", "Where is my refund?"));
            gw.post("/v1/chat/completions", GatewayFixture.chat("support", "Is this a refund request?"),
                    "x-reprise-task-type", "classification");
            assertTrue(gw.gateway.cache().orElseThrow().awaitPendingWrites(Duration.ofSeconds(10)));

            JsonNode variant = json(gw.post("/admin/cache/lookup", GatewayFixture.chat("support", "Where is my refund?"),
                    "Authorization", "Bearer admin-secret"));
            String routedBody = "{\"model\":\"support\",\"headers\":{\"X-Reprise-Task-Type\":\"classification\"},"
                    + "\"messages\":[{\"role\":\"user\",\"content\":\"Is this a refund request?\"}]}";
            JsonNode routed = json(gw.post("/admin/cache/lookup", routedBody, "Authorization", "Bearer admin-secret"));

            assertEquals("hit", variant.path("decision").asText(), variant.toString());
            assertEquals("concise", variant.path("variant").asText(), variant.toString());
            assertEquals("hit", routed.path("decision").asText(), routed.toString());
            assertEquals("cheap", routed.path("routed_model").asText(), routed.toString());
            assertEquals("classification", routed.path("route").asText(), routed.toString());
        }
    }

    // --- helpers -------------------------------------------------------------------------------------

    private static JsonNode json(HttpResponse<String> r) {
        try {
            return WireJson.mapper().readTree(r.body());
        } catch (Exception e) {
            throw new AssertionError("not JSON (" + r.statusCode() + "): " + r.body(), e);
        }
    }

    /** Waits (bounded) until the watcher has handled {@code count} edits with {@code result}, as /metrics counts them. */
    private static void awaitReloads(GatewayFixture gw, String result, int count) throws Exception {
        String line = ConfigReload.METRIC + "_total{result=\"" + result + "\"} " + count + ".0";
        for (int i = 0; i < 100; i++) {
            if (gw.get("/metrics").body().contains(line)) {
                return;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("the watcher never counted " + line);
    }

    private static void awaitThreshold(ResponseCache cache, double expected) throws InterruptedException {
        for (int i = 0; i < 100 && cache.settings().similarityThreshold() != expected; i++) {
            Thread.sleep(50);
        }
        assertEquals(expected, cache.settings().similarityThreshold(), "the edit was not applied");
    }

    /** Waits (bounded) until the index in {@code folder} has a commit that holds an entry. */
    private static void awaitCommitted(Path folder) throws Exception {
        for (int i = 0; i < 200; i++) {
            if (Files.isDirectory(folder)) {
                try (FSDirectory dir = FSDirectory.open(folder)) {
                    if (DirectoryReader.indexExists(dir)) {
                        try (DirectoryReader reader = DirectoryReader.open(dir)) {
                            if (reader.numDocs() > 0) {
                                return;
                            }
                        }
                    }
                }
            }
            Thread.sleep(50);
        }
        throw new AssertionError("the child never committed an entry to " + folder);
    }

    /** A tiny client for the child process, with the admin key. */
    private record GatewayFixtureClient(int port) {
        HttpResponse<String> post(String body) {
            return send(java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://127.0.0.1:" + port
                    + "/v1/chat/completions")).header("Content-Type", "application/json")
                    .POST(java.net.http.HttpRequest.BodyPublishers.ofString(body)).build());
        }

        HttpResponse<String> get(String path) {
            return send(java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://127.0.0.1:" + port + path))
                    .header("Authorization", "Bearer admin-secret").GET().build());
        }

        private static HttpResponse<String> send(java.net.http.HttpRequest request) {
            try (java.net.http.HttpClient http = java.net.http.HttpClient.newBuilder()
                    .version(java.net.http.HttpClient.Version.HTTP_1_1).build()) {
                return http.send(request, HttpResponse.BodyHandlers.ofString());
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        }
    }
}
