package dev.reprise.gateway.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.reprise.gateway.Gateway;
import dev.reprise.gateway.GatewayFixture;
import dev.reprise.gateway.LogCapture;
import dev.reprise.gateway.cache.CacheStatus;
import dev.reprise.testing.TestClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.function.BooleanSupplier;
import java.util.concurrent.locks.LockSupport;
import java.util.logging.Level;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static dev.reprise.gateway.GatewayFixture.chat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Two gateways in one JVM sharing one real redis-server: what one stores the other serves, what one invalidates the
 * other drops, never across tenants; a node that was away catches up, or starts cold past the stream's retention;
 * with Redis gone each caches on its own, and what was stored meanwhile reaches the other once Redis is back.
 */
class CacheReplicationTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** A bound on a change crossing from one node to the other through Redis, not a timing under test. */
    private static final Duration ARRIVAL_DEADLINE = Duration.ofSeconds(20);
    private static final String ACME = "Bearer rk-acme";
    private static final String GLOBEX = "Bearer rk-globex";

    private final TestClock clock = new TestClock(Instant.parse("2026-03-02T10:00:00Z"));
    @TempDir
    Path dirA;
    @TempDir
    Path dirB;
    private RedisServer redis;
    private GatewayFixture a;
    private GatewayFixture b;

    @BeforeEach
    void start() throws Exception {
        redis = RedisServer.start();
    }

    @AfterEach
    void stop() throws Exception {
        for (AutoCloseable c : new AutoCloseable[] {a, b, redis}) {
            if (c != null) {
                c.close();
            }
        }
    }

    private GatewayFixture node(Path dataDir, int streamEntries) {
        return GatewayFixture.startIn(GatewayFixture.config(GatewayFixture.MOCK_ONLY + """
                admin:
                  key: admin-secret
                keys:
                  - { id: acme, key: rk-acme, tenant: acme }
                  - { id: globex, key: rk-globex, tenant: globex }
                cache:
                  similarity-threshold: 0.95
                cluster:
                  redis-url: %s
                  command-timeout: 2s
                  probe-interval: 50ms
                  replication:
                    max-entries: %d
                """.formatted(redis.url(), streamEntries)).withDataDir(dataDir),
                Gateway.Options.defaults().withClock(clock));
    }

    private void startBoth() {
        a = node(dirA, 1000);
        b = node(dirB, 1000);
    }

    private static HttpResponse<String> ask(GatewayFixture fx, String auth, String question) {
        HttpResponse<String> r = fx.post("/v1/chat/completions", chat("mock", question), "Authorization", auth);
        assertEquals(200, r.statusCode(), r.body());
        return r;
    }

    private static String cache(HttpResponse<String> r) {
        return r.headers().firstValue(CacheStatus.HEADER).orElse("(none)");
    }

    /** Asks {@code fx} as acme (a miss, answered upstream) and waits until the answer is stored and sent on. */
    private static void store(GatewayFixture fx, String question) {
        assertEquals("miss", cache(ask(fx, ACME, question)));
        assertTrue(fx.gateway.cache().orElseThrow().awaitPendingWrites(Duration.ofSeconds(10)));
    }

    @Test
    void should_serve_on_b_without_an_upstream_call_an_answer_stored_through_a() {
        startBoth();
        store(a, "How long is the warranty?");
        awaitMetric(b, "reprise_cache_replication_applied_total", 1);

        HttpResponse<String> hit = ask(b, ACME, "How long is the warranty?");
        assertEquals("hit-exact", cache(hit));
        assertEquals("cache", hit.headers().firstValue("x-reprise-provider").orElse(null));
        assertEquals(0.0, metric(b, "reprise_requests_total", "provider=\"mock\""), "b called no upstream");
        String id = hit.headers().firstValue(CacheStatus.ENTRY_HEADER).orElseThrow();
        assertNotNull(b.gateway.cache().orElseThrow().entry(id).orElseThrow().vector(), "the vector came along");
        assertEquals(1.0, metric(a, "reprise_cache_replication_published_total", null));
        assertEquals("live", replicationHealth(b));
        assertEquals(1.0, metric(b, "reprise_cache_replication_state", "state=\"live\""));
        assertEquals(1.0, metric(b, "reprise_cache_replication_lag_seconds_count", null));
    }

    @Test
    void should_remove_from_b_what_a_deletes_evicts_as_wrong_or_purges() {
        startBoth();
        store(a, "Where is my parcel?");
        store(a, "Can I change my username?");
        assertEquals("miss", cache(ask(a, GLOBEX, "How do I reset my password?")));
        assertTrue(a.gateway.cache().orElseThrow().awaitPendingWrites(Duration.ofSeconds(10)));
        awaitMetric(b, "reprise_cache_replication_applied_total", 3);
        String parcel = entryServed(b, ACME, "Where is my parcel?");
        String username = entryServed(b, ACME, "Can I change my username?");
        String password = entryServed(b, GLOBEX, "How do I reset my password?");

        HttpResponse<String> deleted = admin(a, HttpRequest.newBuilder(a.uri("/admin/cache/entries/" + parcel)).DELETE());
        assertEquals(200, deleted.statusCode(), deleted.body());
        awaitGone(b, parcel);
        assertTrue(b.gateway.cache().orElseThrow().entry(username).isPresent(), "only the deleted one went");

        HttpResponse<String> wrong = admin(a, HttpRequest.newBuilder(a.uri("/admin/cache/entries/" + username
                + "/feedback")).POST(HttpRequest.BodyPublishers.ofString("{\"correct\":false}")));
        assertEquals(200, wrong.statusCode(), wrong.body());
        awaitGone(b, username);

        HttpResponse<String> purged = admin(a, HttpRequest.newBuilder(a.uri("/admin/cache?tenant=globex")).DELETE());
        assertEquals(200, purged.statusCode(), purged.body());
        awaitGone(b, password);

        assertEquals("miss", cache(ask(b, ACME, "Where is my parcel?")));
        assertEquals("miss", cache(ask(b, ACME, "Can I change my username?")));
        assertEquals("miss", cache(ask(b, GLOBEX, "How do I reset my password?")));
    }

    @Test
    void should_never_serve_one_tenants_replicated_entry_to_another_tenant() {
        startBoth();
        store(a, "What are your opening hours?");
        awaitMetric(b, "reprise_cache_replication_applied_total", 1);

        assertEquals("miss", cache(ask(b, GLOBEX, "What are your opening hours?")), "globex on b");
        assertEquals(1.0, metric(b, "reprise_requests_total", "provider=\"mock\""), "globex was answered upstream");
        assertEquals("hit-exact", cache(ask(b, ACME, "What are your opening hours?")), "acme's own entry did arrive");
    }

    @Test
    void should_catch_up_on_restart_with_what_was_stored_while_it_was_stopped() {
        startBoth();
        store(a, "Where is my parcel?");
        awaitMetric(b, "reprise_cache_replication_applied_total", 1);
        b.close();
        b = null;

        store(a, "Can I change my username?");
        store(a, "How do I reset my password?");
        awaitMetric(a, "reprise_cache_replication_published_total", 3);
        try (LogCapture logs = LogCapture.of("dev.reprise.gateway.cluster")) {
            b = node(dirB, 1000);
            awaitMetric(b, "reprise_cache_replication_applied_total", 2);
            assertEquals("hit-exact", cache(ask(b, ACME, "Can I change my username?")));
            assertEquals("hit-exact", cache(ask(b, ACME, "How do I reset my password?")));
            assertEquals("hit-exact", cache(ask(b, ACME, "Where is my parcel?")), "kept in b's own index");
            awaitHealth(b, "live");
            assertEquals(2.0, metric(b, "reprise_cache_replication_applied_total", null),
                    "resumed after what it had applied, not from the stream's start");
            assertTrue(logs.at(Level.WARNING, "starting cold").isEmpty(), logs.lines().toString());
        }
    }

    @Test
    void should_start_cold_and_say_so_when_it_missed_more_than_the_stream_keeps() {
        a = node(dirA, 2);
        b = node(dirB, 2);
        store(a, "Where is my parcel?");
        awaitMetric(b, "reprise_cache_replication_applied_total", 1);
        b.close();
        b = null;

        store(a, "Can I change my username?");
        store(a, "How do I reset my password?");
        store(a, "What are your opening hours?");
        awaitMetric(a, "reprise_cache_replication_published_total", 4);
        try (LogCapture logs = LogCapture.of("dev.reprise.gateway.cluster")) {
            b = node(dirB, 2);
            awaitHealth(b, "cold");
            assertEquals(1, logs.at(Level.WARNING, "starting cold").size(), logs.lines().toString());
            assertEquals(1.0, metric(b, "reprise_cache_replication_cold_starts_total", null));
            awaitMetric(b, "reprise_cache_replication_applied_total", 2);
            assertEquals("hit-exact", cache(ask(b, ACME, "How do I reset my password?")), "what the stream kept");
            assertEquals("hit-exact", cache(ask(b, ACME, "What are your opening hours?")));
            assertEquals("miss", cache(ask(b, ACME, "Can I change my username?")), "trimmed from the stream");
            assertEquals("miss", cache(ask(b, ACME, "Where is my parcel?")),
                    "emptied: b cannot know whether a was told it was wrong meanwhile");
            assertEquals(200, b.get("/health").statusCode(), "a cold node still serves");
        }
    }

    @Test
    void should_cache_locally_while_redis_is_down_and_send_on_what_was_stored_once_it_is_back() throws Exception {
        startBoth();
        store(a, "Where is my parcel?");
        awaitMetric(b, "reprise_cache_replication_applied_total", 1);

        redis.stop();
        awaitHealth(a, "local-only");
        awaitHealth(b, "local-only");
        store(a, "Can I change my username?");
        assertEquals("hit-exact", cache(ask(a, ACME, "Can I change my username?")), "a's own cache works");
        assertEquals("hit-exact", cache(ask(b, ACME, "Where is my parcel?")), "b keeps what it had");
        HttpResponse<String> health = a.get("/health");
        assertEquals(200, health.statusCode(), health.body());
        assertEquals(1.0, metric(a, "reprise_cache_replication_outbox", null), "waiting for Redis");
        assertEquals(1.0, metric(a, "reprise_cache_replication_state", "state=\"local-only\""));

        redis.restart();
        awaitMetric(b, "reprise_cache_replication_applied_total", 2);
        assertEquals("hit-exact", cache(ask(b, ACME, "Can I change my username?")));
        awaitHealth(a, "live");
        awaitHealth(b, "live");
        assertEquals(0.0, metric(a, "reprise_cache_replication_outbox", null));
        assertEquals(0.0, metric(a, "reprise_cache_replication_dropped_total", null));
    }

    private static String entryServed(GatewayFixture fx, String auth, String question) {
        HttpResponse<String> hit = ask(fx, auth, question);
        assertEquals("hit-exact", cache(hit), question);
        return hit.headers().firstValue(CacheStatus.ENTRY_HEADER).orElseThrow();
    }

    private static HttpResponse<String> admin(GatewayFixture fx, HttpRequest.Builder request) {
        return fx.send(request.header("Authorization", "Bearer admin-secret")
                .header("Content-Type", "application/json").build());
    }

    private static void awaitGone(GatewayFixture fx, String id) {
        await(() -> fx.gateway.cache().orElseThrow().entry(id).isEmpty(), () -> "entry " + id + " still on the node");
    }

    private static void awaitMetric(GatewayFixture fx, String name, double atLeast) {
        await(() -> metric(fx, name, null) >= atLeast, () -> name + " below " + atLeast + ": " + fx.get("/metrics")
                .body().lines().filter(l -> l.startsWith("reprise_cache_replication") && !l.contains("_bucket")).toList());
    }

    private static void awaitHealth(GatewayFixture fx, String state) {
        await(() -> state.equals(replicationHealth(fx)), () -> "not " + state + ": " + fx.get("/health").body());
    }

    private static void await(BooleanSupplier condition, java.util.function.Supplier<String> failure) {
        long deadline = System.nanoTime() + ARRIVAL_DEADLINE.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                fail(failure.get());
            }
            LockSupport.parkNanos(Duration.ofMillis(20).toNanos());
        }
    }

    private static String replicationHealth(GatewayFixture fx) {
        try {
            JsonNode body = JSON.readTree(fx.get("/health").body());
            return body.path("components").path("cache-replication").asText();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    /** The value of a metric line, with a label part containing {@code label} when given; 0 when absent. */
    private static double metric(GatewayFixture fx, String name, String label) {
        Matcher m = Pattern.compile("(?m)^" + name + "(\\{[^}]*})? ([0-9.eE+-]+)$").matcher(fx.get("/metrics").body());
        while (m.find()) {
            if (label == null || (m.group(1) != null && m.group(1).contains(label))) {
                return Double.parseDouble(m.group(2));
            }
        }
        return 0;
    }
}
