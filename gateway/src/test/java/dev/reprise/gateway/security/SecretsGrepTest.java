package dev.reprise.gateway.security;

import com.fasterxml.jackson.databind.JsonNode;
import dev.reprise.gateway.Gateway;
import dev.reprise.gateway.GatewayFixture;
import dev.reprise.gateway.LogCapture;
import dev.reprise.gateway.Main;
import dev.reprise.gateway.cache.ResponseCache;
import dev.reprise.gateway.cluster.RedisServer;
import dev.reprise.gateway.config.GatewayConfig;
import dev.reprise.models.wire.WireJson;
import dev.reprise.testing.FakeUpstream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.logging.LogManager;
import java.util.logging.LogRecord;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A run with a known secret in every secret-bearing config field (provider keys, a key pool, the shadow candidate's
 * and the judge's keys, the admin key, a static client key, the Redis password) and in the client's headers, plus
 * virtual keys made through {@code /admin/keys}: successes, streams, upstream 401s and 500s that echo the key, bad
 * keys and admin calls. Then every log record, the access log, {@code /metrics}, every file under the data dir (and
 * the cache index's stored fields), every response and what each upstream received are searched for each secret.
 */
class SecretsGrepTest {

    private static final Map<String, String> CONFIG_SECRETS = new LinkedHashMap<>();
    static {
        // '+', '/' and '=' make the URL-encoded and base64 forms differ from the secret itself.
        CONFIG_SECRETS.put("OPENAI_KEY", "sk-proj-LeakOpenai7Qm2Zr9Xw4Tb");
        CONFIG_SECRETS.put("POOL_KEY_1", "sk-proj-LeakPoolOne+3Hd8Vn/Kq2");
        CONFIG_SECRETS.put("POOL_KEY_2", "sk-proj-LeakPoolTwo=5Ls1Ce6Jy7");
        CONFIG_SECRETS.put("ANTHROPIC_KEY", "sk-ant-api03-LeakAnthropic4Wp0Ug");
        CONFIG_SECRETS.put("GEMINI_KEY", "AIzaSyLeakGemini8Rf2Nh6Dt3Sv1");
        CONFIG_SECRETS.put("DOWN_KEY", "sk-proj-LeakUnreachable6Vb3Hx");
        CONFIG_SECRETS.put("SHADOW_KEY", "sk-ant-api03-LeakShadow1Mz7Kp");
        CONFIG_SECRETS.put("JUDGE_KEY", "sk-proj-LeakJudge5Bx8Qy2Wn4");
        CONFIG_SECRETS.put("ADMIN_KEY", "adm-Leak+Admin/2Kc9Wq6Ev=");
        CONFIG_SECRETS.put("CLIENT_KEY", "rk-static-LeakClient3Gh5Yt8");
        CONFIG_SECRETS.put("REDIS_PASSWORD", "redisLeakPass4Tn8Zx1Qe");
    }
    /** Secrets a client sends in headers the gateway does not read as its key: none may go anywhere. */
    private static final String HEADER_API_KEY = "hdr-LeakApiKey6Jm1Rt5";
    private static final String COOKIE = "hdr-LeakCookie2Pw7Ds0";
    private static final String GUESS = "rk-guess-LeakWrong8Ks3Lz";

    /** Loggers that write what goes over the wire, secrets included, at debug levels: pinned in logging.properties. */
    private static final List<String> WIRE_DUMP_LOGGERS = List.of("io.lettuce.core.protocol");

    @TempDir
    Path dir;

    private final List<HttpResponse<String>> responses = new ArrayList<>();
    private final Map<HttpResponse<String>, String> shownOnce = new LinkedHashMap<>();
    private final SecretScan scan = new SecretScan();

    @Test
    void should_keep_every_secret_out_of_logs_metrics_files_responses_and_other_upstreams() throws Exception {
        Path data = dir.resolve("data");
        Path accessLog = dir.resolve("access.log");
        CONFIG_SECRETS.forEach(scan::add);
        scan.add("HEADER_API_KEY", HEADER_API_KEY);
        scan.add("COOKIE", COOKIE);
        scan.add("GUESS", GUESS);

        String metrics;
        List<LogRecord> logs;
        Map<String, String> upstreamsReceived = new LinkedHashMap<>();
        RedisServer redis = RedisServer.installed() ? RedisServer.start(CONFIG_SECRETS.get("REDIS_PASSWORD")) : null;
        if (redis == null) {
            System.err.println("SecretsGrepTest: redis-server is not installed: the Redis password part is skipped");
        }
        installShippedLoggingAtEveryLevel();
        try (EchoingUpstream openai = new EchoingUpstream(EchoingUpstream.Wire.OPENAI);
             EchoingUpstream anthropic = new EchoingUpstream(EchoingUpstream.Wire.ANTHROPIC);
             EchoingUpstream gemini = new EchoingUpstream(EchoingUpstream.Wire.GEMINI);
             LogCapture everyLogger = LogCapture.of("")) {
            GatewayConfig config = GatewayFixture.config(yaml(openai, anthropic, gemini, redis, accessLog),
                    CONFIG_SECRETS).withDataDir(data);
            try (GatewayFixture fx = GatewayFixture.startIn(config, Gateway.Options.defaults())) {
                exercise(fx);
                assertTrue(fx.gateway.cache().orElseThrow().awaitPendingWrites(Duration.ofSeconds(20)));
                metrics = record(fx.get("/metrics")).body();
            } finally {
                if (redis != null) {
                    redis.close();
                }
            }
            logs = everyLogger.records();
            upstreamsReceived.put("the OpenAI upstream", openai.received());
            upstreamsReceived.put("the Anthropic upstream", anthropic.received());
            upstreamsReceived.put("the Gemini upstream", gemini.received());
        } finally {
            LogManager.getLogManager().readConfiguration();
        }

        scan.log(logs);
        scan.text("GET /metrics", metrics);
        scan.text("the access log", Files.readString(accessLog));
        scan.files(data);
        scan.luceneIndex(data.resolve(ResponseCache.INDEX_FOLDER));
        for (HttpResponse<String> r : responses) {
            String where = "the answer to " + r.request().method() + " " + r.request().uri().getPath();
            List<String> allowed = shownOnce.containsKey(r) ? List.of(shownOnce.get(r)) : List.of();
            scan.text(where + " (headers)", r.headers().map().toString(), allowed);
            scan.text(where + " (body)", r.body(), allowed);
        }
        upstreamsReceived.forEach((name, received) -> scan.text(name, received, providerKeysSentTo(name)));

        assertTrue(scan.finds().isEmpty(), "secrets found:\n" + String.join("\n", scan.finds()));
        // The checks above must have had something to read.
        assertTrue(logs.size() > 100, "the log was captured: " + logs.size() + " records");
        String access = Files.readString(accessLog);
        assertTrue(access.contains("\"key_id\":\"static-app\"") && access.contains("\"key_id\":\"key_"), access);
        assertTrue(metrics.contains("reprise_requests_total"), metrics);
        assertTrue(redis == null || metrics.contains("reprise_cluster_redis_up"), "the run used Redis: " + metrics);
    }

    /**
     * The logging.properties that Main installs, with every logger it names raised to ALL (root and Helidon's
     * included) except the pins that keep a library's wire dump out of the log; the console prints from WARNING only,
     * to keep the run's output readable. Removing such a pin from the shipped file fails this test.
     */
    private static void installShippedLoggingAtEveryLevel() throws IOException {
        try (InputStream shipped = Main.class.getResourceAsStream("/logging.properties")) {
            assertNotNull(shipped, "logging.properties on the class path");
            LogManager.getLogManager().updateConfiguration(shipped, key -> (old, now) -> {
                if (key.equals("java.util.logging.ConsoleHandler.level")) {
                    return "WARNING";
                }
                boolean level = key.endsWith(".level") && !key.startsWith("java.util.logging.");
                return level && !WIRE_DUMP_LOGGERS.contains(key.substring(0, key.length() - ".level".length()))
                        ? "ALL" : now;
            });
        }
    }

    /** Provider keys go to their own upstream only (each upstream serves several aliases of its wire format). */
    private static List<String> providerKeysSentTo(String upstream) {
        return switch (upstream) {
            case "the OpenAI upstream" -> List.of("OPENAI_KEY", "POOL_KEY_1", "POOL_KEY_2", "JUDGE_KEY");
            case "the Anthropic upstream" -> List.of("ANTHROPIC_KEY", "SHADOW_KEY");
            case "the Gemini upstream" -> List.of("GEMINI_KEY");
            default -> List.of();
        };
    }

    private void exercise(GatewayFixture fx) throws Exception {
        String admin = "Bearer " + CONFIG_SECRETS.get("ADMIN_KEY");
        HttpResponse<String> created = record(send(fx, "POST", "/admin/keys", admin,
                "{\"name\":\"leak check\",\"tenant\":\"acme\",\"metadata\":{\"team\":\"support\"}}"));
        assertEquals(201, created.statusCode(), created.body());
        JsonNode key = WireJson.mapper().readTree(created.body());
        String id = key.get("id").asText();
        scan.add("VIRTUAL_KEY", key.get("key").asText());
        shownOnce.put(created, "VIRTUAL_KEY");
        HttpResponse<String> rotated = record(send(fx, "POST", "/admin/keys/" + id + "/rotate", admin,
                "{\"grace_period\":\"10m\"}"));
        assertEquals(200, rotated.statusCode(), rotated.body());
        scan.add("ROTATED_KEY", WireJson.mapper().readTree(rotated.body()).get("key").asText());
        shownOnce.put(rotated, "ROTATED_KEY");

        List<String> callers = List.of(CONFIG_SECRETS.get("CLIENT_KEY"), key.get("key").asText(),
                WireJson.mapper().readTree(rotated.body()).get("key").asText());
        int n = 0;
        for (String alias : List.of("gpt", "pool", "claude", "gemini")) {
            for (boolean stream : List.of(false, true)) {
                String caller = callers.get(n++ % callers.size());
                assertEquals(200, chat(fx, caller, alias, stream, "How do I reset my password?").statusCode());
                assertEquals(200, chat(fx, caller, alias, stream, "How do I reset my password?").statusCode());
                chat(fx, caller, alias, stream, EchoingUpstream.FAIL_401 + " please");
                chat(fx, caller, alias, stream, EchoingUpstream.FAIL_500 + " please");
            }
        }
        // A grey-band miss for the judge, and an alias whose upstream is down.
        chat(fx, callers.get(0), "gpt", false, "How can I change my password?");
        chat(fx, callers.get(0), "down", false, "Anyone there?");
        chat(fx, callers.get(0), "down", true, "Anyone there?");

        assertEquals(401, chat(fx, GUESS, "gpt", false, "Let me in").statusCode());
        assertEquals(401, chat(fx, CONFIG_SECRETS.get("ADMIN_KEY"), "gpt", false, "Admin as client").statusCode());
        assertEquals(401, record(send(fx, "GET", "/admin/keys", "Bearer " + GUESS, null)).statusCode());
        assertEquals(401, record(send(fx, "GET", "/admin/keys", "Bearer " + CONFIG_SECRETS.get("CLIENT_KEY"), null))
                .statusCode());

        for (String path : List.of("/admin/keys", "/admin/keys/" + id, "/admin/deployments", "/admin/cache/stats",
                "/admin/usage?group_by=model", "/admin/requests?from=0&limit=500", "/admin/budgets",
                "/admin/cache/export", "/admin/usage?group_by=shadow", "/admin/cache/judge/pairs")) {
            assertEquals(200, record(send(fx, "GET", path, admin, null)).statusCode(), path);
        }
        record(send(fx, "POST", "/admin/cache/lookup", admin,
                "{\"model\":\"gpt\",\"messages\":[{\"role\":\"user\",\"content\":\"How do I reset my password?\"}]}"));
        for (String path : List.of("/health", "/health/ready", "/v1/models", "/dashboard")) {
            record(send(fx, "GET", path, "Bearer " + callers.get(0), null));
        }
        assertEquals(200, record(send(fx, "DELETE", "/admin/keys/" + id, admin, null)).statusCode());
        assertEquals(401, chat(fx, callers.get(2), "gpt", false, "Revoked?").statusCode());
    }

    /** A chat call with the key, the header secrets a client might also send, and a stream when asked. */
    private HttpResponse<String> chat(GatewayFixture fx, String bearer, String alias, boolean stream, String text) {
        String body = "{\"model\":\"" + alias + "\",\"stream\":" + stream
                + ",\"messages\":[{\"role\":\"user\",\"content\":\"" + text + "\"}]}";
        HttpRequest request = HttpRequest.newBuilder(fx.uri("/v1/chat/completions")).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json")
                .header("Authorization", "Bearer " + bearer)
                .header("api-key", HEADER_API_KEY)
                .header("x-api-key", HEADER_API_KEY)
                .header("Cookie", "session=" + COOKIE)
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
        return record(fx.send(request));
    }

    private static HttpResponse<String> send(GatewayFixture fx, String method, String path, String auth, String body) {
        HttpRequest.Builder b = HttpRequest.newBuilder(fx.uri(path)).timeout(Duration.ofSeconds(30))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        if (auth != null) {
            b.header("Authorization", auth);
        }
        if (body != null) {
            b.header("Content-Type", "application/json");
        }
        return fx.send(b.build());
    }

    private HttpResponse<String> record(HttpResponse<String> response) {
        responses.add(response);
        return response;
    }

    private static String yaml(EchoingUpstream openai, EchoingUpstream anthropic, EchoingUpstream gemini,
                               RedisServer redis, Path accessLog) {
        String retry = "    retry: { max-attempts: 2, initial-backoff: 10ms, max-backoff: 20ms }\n";
        return """
                admin:
                  key: ${ADMIN_KEY}
                keys:
                  - { id: static-app, key: "${CLIENT_KEY}", tenant: acme, limits: { rpm: 100000 } }
                key-store:
                  rotation-grace: 1h
                models:
                  - name: gpt
                    provider: openai
                    model: gpt-4o-mini
                    base-url: %1$s
                    api-key: ${OPENAI_KEY}
                    price: { input: 0.15, output: 0.60 }
                    shadow:
                      - { alias: candidate, share: 1.0 }
                %4$s  - name: pool
                    deployments:
                      - provider: openai
                        model: gpt-4o-mini
                        base-url: %1$s
                        api-keys: ["${POOL_KEY_1}", "${POOL_KEY_2}"]
                %4$s  - name: claude
                    provider: anthropic
                    model: claude-haiku
                    base-url: %2$s
                    api-key: ${ANTHROPIC_KEY}
                %4$s  - name: gemini
                    provider: gemini
                    model: gemini-2.0-flash
                    base-url: %3$s
                    api-key: ${GEMINI_KEY}
                %4$s  - name: down
                    provider: openai
                    model: gpt-4o-mini
                    base-url: http://127.0.0.1:%5$d/v1
                    api-key: ${DOWN_KEY}
                    retry: { max-attempts: 1 }
                  - name: candidate
                    provider: anthropic
                    model: claude-next
                    base-url: %2$s
                    api-key: ${SHADOW_KEY}
                  - name: judge
                    provider: openai
                    model: gpt-judge
                    base-url: %1$s
                    api-key: ${JUDGE_KEY}
                cache:
                  similarity-threshold: 0.95
                  query-log: { enabled: true }
                  judge: { alias: judge, floor: 0.5, max-share: 1.0 }
                ledger:
                  store-text: true
                  flush-interval: 10ms
                access-log:
                  to: %6$s
                  include-text: true
                %7$s""".formatted(openai.baseUrl(), anthropic.baseUrl(), gemini.baseUrl(), retry,
                FakeUpstream.closedPort(), accessLog,
                redis == null ? "" : "cluster:\n  redis-url: \"redis://:${REDIS_PASSWORD}@127.0.0.1:" + redis.port()
                        + "\"\n  connect-timeout: 10s\n");
    }
}
