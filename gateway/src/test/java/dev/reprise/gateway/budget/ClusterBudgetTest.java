package dev.reprise.gateway.budget;

import com.fasterxml.jackson.databind.JsonNode;
import dev.reprise.gateway.Gateway;
import dev.reprise.gateway.GatewayFixture;
import dev.reprise.gateway.cluster.PostgresServer;
import dev.reprise.models.wire.WireJson;
import dev.reprise.testing.FakeUpstream;
import dev.reprise.testing.OpenAiReplies;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Two gateways in one JVM sharing one real PostgreSQL, behind a fake OpenAI upstream that reports 1,000 prompt
 * tokens an answer ($0.25 at $250 per million): a key's $1 a day is the cluster's, not each node's; concurrent
 * requests on both nodes overspend it by at most the requests in flight, each counted once; and with PostgreSQL away
 * each node falls back to its own spend and no request fails.
 */
class ClusterBudgetTest {

    private static final double COST = 0.25;
    /** A bound on the test's own waiting (requests to reach the upstream), not a timing under test. */
    private static final Duration DEADLINE = Duration.ofSeconds(30);

    private PostgresServer pg;
    private FakeUpstream up;
    private GatewayFixture a;
    private GatewayFixture b;

    @BeforeEach
    void start() throws Exception {
        pg = PostgresServer.start();
        up = new FakeUpstream();
        up.answer(OpenAiReplies.completion("answer", 1000, 0));
        a = node();
        b = node();
    }

    private GatewayFixture node() {
        return GatewayFixture.start(GatewayFixture.config("""
                keys:
                  - { id: app, key: sk-app, tenant: acme, budget: { usd: 1, period: day } }
                models:
                  - name: chat
                    provider: openai
                    model: gpt-chat
                    base-url: %s
                    api-key: sk-up
                    price: { input: 250, output: 0 }
                ledger:
                  url: %s
                """.formatted(up.baseUrl() + "/v1", pg.url())), Gateway.Options.defaults());
    }

    @AfterEach
    void stop() throws Exception {
        for (AutoCloseable c : new AutoCloseable[] {a, b, up, pg}) {
            if (c != null) {
                c.close();
            }
        }
    }

    private static HttpResponse<String> ask(GatewayFixture node) {
        return node.post("/v1/chat/completions", GatewayFixture.chat("chat", "What does it cost?"),
                "Authorization", "Bearer sk-app");
    }

    private static void assertRefused(HttpResponse<String> res) {
        assertEquals(429, res.statusCode(), res.body());
        assertTrue(res.body().contains("budget_exceeded"), res.body());
    }

    private static void sent(GatewayFixture node) {
        node.gateway.clusterSpend().orElseThrow().flush();
    }

    @Test
    void should_refuse_on_one_node_a_budget_spent_through_the_other() {
        for (int i = 0; i < 4; i++) {
            assertEquals(200, ask(a).statusCode());
        }
        sent(a);
        assertRefused(ask(b));
        assertRefused(ask(a));
        assertEquals(4, up.requests().size(), "refused requests never reach the upstream");
    }

    @Test
    void should_overspend_by_at_most_the_requests_in_flight_and_count_each_once() throws Exception {
        for (int i = 0; i < 3; i++) {
            assertEquals(200, (i % 2 == 0 ? ask(a) : ask(b)).statusCode());
        }
        sent(a);
        sent(b);
        // $0.75 of $1 spent: four requests, two on each node, all pass the check before any of them settles.
        CountDownLatch release = new CountDownLatch(1);
        FakeUpstream.Reply answer = OpenAiReplies.completion("answer", 1000, 0);
        up.answer((exchange, upstream) -> {
            release.await(DEADLINE.toSeconds(), TimeUnit.SECONDS);
            answer.write(exchange, upstream);
        });
        List<CompletableFuture<HttpResponse<String>>> inFlight = new ArrayList<>();
        for (GatewayFixture node : List.of(a, a, b, b)) {
            inFlight.add(CompletableFuture.supplyAsync(() -> ask(node)));
        }
        long deadline = System.nanoTime() + DEADLINE.toNanos();
        while (up.requests().size() < 7 && System.nanoTime() < deadline) {
            LockSupport.parkNanos(Duration.ofMillis(10).toNanos());
        }
        assertEquals(7, up.requests().size(), "all four reached the upstream");
        release.countDown();
        for (CompletableFuture<HttpResponse<String>> r : inFlight) {
            assertEquals(200, r.get().statusCode());
        }
        sent(a);
        sent(b);

        double spent = spentToday(BudgetScope.KEY, "app");
        assertEquals(7 * COST, spent, 1e-9, "every answer counted once, from both nodes");
        assertTrue(spent <= 1 + 4 * COST, "over by at most the four in flight: " + spent);
        assertRefused(ask(a));
        assertRefused(ask(b));
    }

    @Test
    void should_fall_back_to_each_nodes_own_spend_while_postgres_is_away_without_failing_a_request()
            throws Exception {
        pg.stop();
        for (int i = 0; i < 4; i++) {
            assertEquals(200, ask(a).statusCode());
        }
        assertRefused(ask(a)); // node A's own $1
        assertEquals(200, ask(b).statusCode(), "node B has spent nothing of its own");
        JsonNode health = json(a.get("/health").body());
        assertEquals("UP", health.path("status").asText());
        assertEquals("DOWN", health.path("components").path("postgresql").asText(), health.toString());
    }

    @Test
    void should_add_the_spend_of_an_outage_to_the_clusters_once_postgres_is_back() throws Exception {
        assertEquals(200, ask(a).statusCode());
        sent(a);
        pg.stop();
        assertEquals(200, ask(a).statusCode());
        assertEquals(200, ask(a).statusCode());
        pg.restart();
        // The node's probe notices the return within its interval (1s): a bound on the test's wait, not a timing.
        long deadline = System.nanoTime() + DEADLINE.toNanos();
        while (!"UP".equals(json(a.get("/health").body()).path("components").path("postgresql").asText())
                && System.nanoTime() < deadline) {
            LockSupport.parkNanos(Duration.ofMillis(50).toNanos());
        }
        sent(a);
        assertEquals(3 * COST, spentToday(BudgetScope.KEY, "app"), 1e-9);
        assertEquals(3 * COST, spentToday(BudgetScope.ALIAS, "chat"), 1e-9);
    }

    private double spentToday(BudgetScope scope, String id) throws Exception {
        try (Connection c = DriverManager.getConnection(pg.jdbcUrl());
             ResultSet rs = c.createStatement().executeQuery("SELECT usd FROM spend WHERE scope = '" + scope.label()
                     + "' AND id = '" + id + "' AND period = 'day'")) {
            double total = 0;
            while (rs.next()) {
                total += rs.getDouble(1);
            }
            return total;
        }
    }

    private static JsonNode json(String body) throws IOException {
        return WireJson.mapper().readTree(body);
    }
}
