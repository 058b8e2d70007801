package dev.reprise.gateway.keys;

import com.fasterxml.jackson.databind.JsonNode;
import dev.reprise.gateway.Gateway;
import dev.reprise.gateway.GatewayFixture;
import dev.reprise.gateway.cluster.PostgresServer;
import dev.reprise.testing.TestClock;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.LockSupport;

import static dev.reprise.gateway.http.ErrorAssertions.assertError;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Two gateways in one JVM sharing one real PostgreSQL's key table: what node a's {@code /admin/keys} does takes
 * effect on node b at b's next refresh (a key b has never seen, at once); with PostgreSQL stopped b authenticates
 * from its copy and key changes answer 503 on both; once it is back the nodes agree again. The background refresh
 * is set to 10 minutes, so it never fires here: each refresh is one the test asks for, as b's timer would.
 */
class SharedKeyTableTest {

    /** A bound on the link's probe noticing a restarted PostgreSQL (every 50 ms), not a timing under test. */
    private static final Duration RECONNECT_DEADLINE = Duration.ofSeconds(20);

    private static PostgresServer pg;
    private final TestClock clock = new TestClock(Instant.parse("2026-12-06T10:00:00Z"));
    private GatewayFixture a;
    private GatewayFixture b;
    /** Set while a test has stopped the database: it is started again after the test, whatever happened. */
    private boolean stopped;
    private final List<GatewayFixture> extra = new ArrayList<>();

    @BeforeAll
    static void startDatabase() throws Exception {
        pg = PostgresServer.start();
    }

    @AfterAll
    static void stopDatabase() throws Exception {
        if (pg != null) {
            pg.close();
        }
    }

    /** Each test starts on an empty database, which the first node migrates. */
    @BeforeEach
    void start() throws Exception {
        try (Connection c = DriverManager.getConnection(pg.jdbcUrl())) {
            c.createStatement().execute("DROP SCHEMA public CASCADE; CREATE SCHEMA public");
        }
        a = node();
        b = node();
    }

    @AfterEach
    void stop() throws Exception {
        extra.forEach(GatewayFixture::close);
        for (GatewayFixture node : new GatewayFixture[] {a, b}) {
            if (node != null) {
                node.close();
            }
        }
        if (stopped) {
            pg.restart();
        }
    }

    private void stopPostgres() throws Exception {
        pg.stop();
        stopped = true;
    }

    private void restartPostgres() throws Exception {
        pg.restart();
        stopped = false;
    }

    /** A config key keeps every node closed, so b never lets a secret in for want of knowing any key. */
    private GatewayFixture node() {
        return node("""
                keys:
                  - { id: ops, key: rk-ops-config-key, tenant: ops }
                """);
    }

    private GatewayFixture node(String keys) {
        return GatewayFixture.start(GatewayFixture.config(GatewayFixture.MOCK_ONLY + """
                  - name: other
                    provider: mock
                    latency: 0ms
                    price: { input: 1.0, output: 2.0 }
                admin:
                  key: %s
                key-store:
                  refresh-interval: 10m
                ledger:
                  url: %s
                  probe-interval: 50ms
                """.formatted(KeysAdmin.ADMIN_KEY, pg.url()) + keys), Gateway.Options.defaults().withClock(clock));
    }

    private static void refresh(GatewayFixture node) {
        node.gateway.virtualKeys().orElseThrow().refresh();
    }

    /** Past the gap between two refreshes an unknown secret may cause. */
    private void later() {
        clock.advance(VirtualKeys.MISS_REFRESH_GAP);
    }

    @Test
    void should_authenticate_on_b_a_key_created_on_a_at_once_and_refuse_it_on_b_once_revoked_on_a() {
        KeysAdmin onA = new KeysAdmin(a);
        KeysAdmin onB = new KeysAdmin(b);
        JsonNode key = onA.created("{\"name\":\"bot\",\"tenant\":\"acme\"}");
        String secret = key.get("key").asText();

        assertEquals(200, onB.chat(secret, "mock").statusCode(), "b reads a key it does not know at once");
        assertEquals("acme", KeysAdmin.json(onB.get(key.get("id").asText())).get("tenant").asText());

        assertEquals(200, onA.revoke(key.get("id").asText()).statusCode());
        assertEquals(401, onA.chat(secret, "mock").statusCode());
        assertEquals(200, onB.chat(secret, "mock").statusCode(), "b's copy is as stale as its last refresh");
        refresh(b);
        assertError(onB.chat(secret, "mock"), 401, "invalid_request_error", null, "invalid_api_key");
    }

    @Test
    void should_carry_a_rotation_and_a_narrowing_made_on_a_to_b_at_its_refresh() {
        KeysAdmin onA = new KeysAdmin(a);
        KeysAdmin onB = new KeysAdmin(b);
        JsonNode key = onA.created("{\"name\":\"bot\",\"tenant\":\"acme\"}");
        String id = key.get("id").asText();
        String old = key.get("key").asText();
        assertEquals(200, onB.chat(old, "other").statusCode());

        JsonNode rotated = KeysAdmin.json(onA.rotate(id, "{\"grace_period\":\"0\"}"));
        String fresh = rotated.get("key").asText();
        assertEquals(200, onA.patch(id, "{\"models\":[\"mock\"]}").statusCode());
        later();
        assertEquals(200, onB.chat(fresh, "mock").statusCode(), "the new secret: unknown to b, read at once");
        assertEquals(401, onB.chat(old, "mock").statusCode(), "that read brought the rotation too");
        assertEquals(403, onB.chat(fresh, "other").statusCode(), "and the narrowing");
    }

    @Test
    void should_not_let_a_node_with_a_stale_copy_undo_a_revocation_made_on_another() {
        KeysAdmin onA = new KeysAdmin(a);
        KeysAdmin onB = new KeysAdmin(b);
        JsonNode key = onA.created("{\"name\":\"bot\",\"tenant\":\"acme\"}");
        String id = key.get("id").asText();
        refresh(b);
        assertEquals(200, onA.revoke(id).statusCode());

        // b has not refreshed: its change is judged on the table as it is now, not on its copy.
        assertError(onB.patch(id, "{\"name\":\"renamed\"}"), 409, "invalid_request_error", "id", "key_revoked");
        assertError(onB.rotate(id, "{}"), 409, "invalid_request_error", "id", "key_revoked");
        assertEquals("revoked", KeysAdmin.json(onA.get(id)).get("status").asText());
        assertEquals(401, onB.chat(key.get("key").asText(), "mock").statusCode());
    }

    @Test
    void should_authenticate_from_b_s_copy_and_refuse_key_changes_while_postgresql_is_down() throws Exception {
        KeysAdmin onA = new KeysAdmin(a);
        KeysAdmin onB = new KeysAdmin(b);
        JsonNode key = onA.created("{\"name\":\"bot\",\"tenant\":\"acme\"}");
        String id = key.get("id").asText();
        String secret = key.get("key").asText();
        refresh(b);
        String before = onA.list().body();

        stopPostgres();
        for (int i = 0; i < 3; i++) {
            assertEquals(200, onB.chat(secret, "mock").statusCode(), "b authenticates from its copy");
        }
        assertError(onA.create("{\"name\":\"second\",\"tenant\":\"acme\"}"), 503, "server_error", null,
                "key_store_unavailable");
        assertError(onA.revoke(id), 503, "server_error", null, "key_store_unavailable");
        assertError(onB.patch(id, "{\"name\":\"renamed\"}"), 503, "server_error", null, "key_store_unavailable");
        assertError(onB.rotate(id, "{}"), 503, "server_error", null, "key_store_unavailable");
        later();
        assertEquals(401, onB.chat("rk-not-a-key", "mock").statusCode(), "an unknown secret is still only a 401");
        assertEquals(200, onB.chat(secret, "mock").statusCode(), "the refused revocation was made nowhere");
        assertEquals(before, onA.list().body(), "a's keys as they were");
        assertEquals("DOWN", KeysAdmin.json(a.get("/health")).path("components").path("postgresql").asText());

        restartPostgres();
        awaitKeyTable(a);
        awaitKeyTable(b);
        assertEquals(before, onA.list().body(), "nothing was written meanwhile");
        assertEquals(before, onB.list().body(), "and the nodes agree");
        assertEquals(200, onA.revoke(id).statusCode(), "key changes work again");
        refresh(b);
        assertEquals(401, onB.chat(secret, "mock").statusCode());
    }

    @Test
    void should_start_closed_without_postgresql_and_read_the_keys_once_it_answers() throws Exception {
        KeysAdmin onA = new KeysAdmin(a);
        String secret = onA.created("{\"name\":\"bot\",\"tenant\":\"acme\"}").get("key").asText();
        stopPostgres();
        // No config key: only not knowing the table keeps c from opening to anyone.
        GatewayFixture c = node("");
        extra.add(c);
        KeysAdmin onC = new KeysAdmin(c);
        assertError(onC.chat("rk-anything", "mock"), 401, "invalid_request_error", null, "invalid_api_key");
        assertEquals(401, onC.chat(secret, "mock").statusCode(), "c knows no stored key yet");
        assertError(onC.list(), 503, "server_error", null, "key_store_unavailable");

        restartPostgres();
        awaitKeyTable(c);
        assertEquals(200, onC.chat(secret, "mock").statusCode());
        assertNotEquals("[]", KeysAdmin.json(onC.list()).get("data").toString());
    }

    /**
     * Refreshes {@code fx} as its timer would until a refresh reads the table: the node's probe has to see the
     * database back and its pool to reconnect first.
     */
    private static void awaitKeyTable(GatewayFixture fx) {
        long deadline = System.nanoTime() + RECONNECT_DEADLINE.toNanos();
        while (true) {
            try {
                refresh(fx);
                break;
            } catch (KeyStoreUnavailable e) {
                if (System.nanoTime() > deadline) {
                    fail("the key table not readable within " + RECONNECT_DEADLINE + ": " + e.getMessage());
                }
                LockSupport.parkNanos(Duration.ofMillis(20).toNanos());
            }
        }
        assertEquals("UP", KeysAdmin.json(fx.get("/health")).path("components").path("postgresql").asText());
    }
}
