package dev.reprise.gateway.routing;

import dev.reprise.gateway.Gateway;
import dev.reprise.gateway.GatewayFixture;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Each strategy's spread over an alias's deployments, counted per deployment over real HTTP. */
class LoadBalancingTest {

    private static final int REQUESTS = 300;

    private static String config(String strategy, int weightA, int weightB) {
        return """
                models:
                  - name: pool
                    strategy: %s
                    deployments:
                      - { provider: mock, model: m-a, latency: 0ms, weight: %d }
                      - { provider: mock, model: m-b, latency: 0ms, weight: %d }
                """.formatted(strategy, weightA, weightB);
    }

    private static GatewayFixture start(String yaml, PerDeploymentCounter counter) {
        return GatewayFixture.start(GatewayFixture.config(yaml), Gateway.Options.defaults().withProviderFactory(counter));
    }

    private static void send(GatewayFixture fx, int n) {
        for (int i = 0; i < n; i++) {
            HttpResponse<String> res = fx.post("/v1/chat/completions", GatewayFixture.chat("pool", "question " + i));
            assertEquals(200, res.statusCode(), res.body());
        }
    }

    @Test
    void should_spread_weighted_traffic_in_proportion_to_the_weights() {
        PerDeploymentCounter counter = new PerDeploymentCounter();
        try (GatewayFixture fx = start(config("weighted", 3, 1), counter)) {
            send(fx, REQUESTS);
        }
        double shareA = counter.calls("m-a") / (double) REQUESTS;
        assertEquals(REQUESTS, counter.calls("m-a") + counter.calls("m-b"));
        // Expected 0.75; binomial sd over 300 draws is 0.025, so 0.12 of room fails about never.
        assertTrue(shareA > 0.63 && shareA < 0.87, "share of m-a: " + shareA);
    }

    @Test
    void should_take_turns_with_round_robin() {
        PerDeploymentCounter counter = new PerDeploymentCounter();
        try (GatewayFixture fx = start(config("round-robin", 1, 1), counter)) {
            send(fx, 100);
        }
        assertEquals(50, counter.calls("m-a"));
        assertEquals(50, counter.calls("m-b"));
    }

    @Test
    void should_avoid_the_busy_deployment_with_least_in_flight() throws Exception {
        PerDeploymentCounter counter = new PerDeploymentCounter();
        try (GatewayFixture fx = start(config("least-in-flight", 1, 1), counter)) {
            counter.hold("m-a");
            // Send one request at a time until one lands on m-a and stays there; the others finish on m-b.
            // One at a time, so m-b is idle whenever a request is routed and no tie can send one to m-a.
            CompletableFuture<HttpResponse<String>> held = null;
            for (int i = 0; i < 20 && held == null; i++) {
                CompletableFuture<HttpResponse<String>> next = CompletableFuture.supplyAsync(
                        () -> fx.post("/v1/chat/completions", GatewayFixture.chat("pool", "slow one")));
                long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
                while (!next.isDone() && counter.calls("m-a") == 0 && System.nanoTime() < until) {
                    Thread.sleep(5);
                }
                if (counter.calls("m-a") == 1) {
                    held = next;
                } else {
                    assertEquals(200, next.get(10, TimeUnit.SECONDS).statusCode());
                }
            }
            assertEquals(1, counter.calls("m-a"), "one request is held on m-a");
            int before = counter.calls("m-b");
            send(fx, 50);
            assertEquals(1, counter.calls("m-a"), "nothing else goes to the busy deployment");
            assertEquals(before + 50, counter.calls("m-b"));
            counter.open("m-a");
            assertEquals(200, held.get(10, TimeUnit.SECONDS).statusCode());
        }
    }

    @Test
    void should_show_each_deployment_in_the_admin_api() {
        PerDeploymentCounter counter = new PerDeploymentCounter();
        String yaml = "admin:\n  key: adm-1\n" + config("round-robin", 1, 1);
        try (GatewayFixture fx = start(yaml, counter)) {
            send(fx, 2);
            HttpResponse<String> refused = fx.get("/admin/deployments");
            assertEquals(401, refused.statusCode(), refused.body());
            HttpResponse<String> res = fx.get("/admin/deployments", "Authorization", "Bearer adm-1");
            assertEquals(200, res.statusCode(), res.body());
            assertTrue(res.body().contains("\"id\":\"pool#0\""), res.body());
            assertTrue(res.body().contains("\"id\":\"pool#1\""), res.body());
            assertTrue(res.body().contains("\"breaker\":\"closed\""), res.body());
            assertTrue(res.body().contains("\"in_flight\":0"), res.body());
            assertTrue(res.body().contains("\"strategy\":\"round-robin\""), res.body());
        }
    }
}
