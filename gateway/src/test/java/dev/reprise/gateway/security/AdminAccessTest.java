package dev.reprise.gateway.security;

import dev.reprise.gateway.GatewayFixture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every admin route, one by one: no key, a wrong key and a gateway client's key get 401 before the route does
 * anything; without an admin key in the config every route answers 403. A route added without the guard fails here
 * once it is listed in {@link #ROUTES}, which follows the README's admin tables.
 */
class AdminAccessTest {

    private static final String ADMIN_KEY = "adm-access-test-4f9c";
    private static final String CLIENT_KEY = "rk-access-test-client-8d2e";

    /** Method and path of every admin route (ids made up: the guard answers before the route looks them up). */
    static final List<String> ROUTES = List.of(
            "GET /admin/cache/stats", "POST /admin/cache/lookup", "DELETE /admin/cache",
            "GET /admin/cache/entries/e1", "DELETE /admin/cache/entries/e1", "POST /admin/cache/entries/e1/feedback",
            "GET /admin/cache/export", "GET /admin/cache/judge/pairs",
            "GET /admin/deployments", "GET /admin/budgets",
            "POST /admin/keys", "GET /admin/keys", "GET /admin/keys/key_1", "PATCH /admin/keys/key_1",
            "POST /admin/keys/key_1/rotate", "DELETE /admin/keys/key_1",
            "GET /admin/usage", "GET /admin/usage/similarity", "GET /admin/usage/guardrails",
            "GET /admin/usage/variants", "GET /admin/requests");

    /** Every part that brings admin routes: the key store, the ledger, the cache. */
    private static final String PARTS = "keys:\n  - { id: app, key: " + CLIENT_KEY + " }\n"
            + "key-store:\n  rotation-grace: 1h\nledger:\n  flush-interval: 10ms\ncache:\n  ttl: 1h\n" + """
            models:
              - name: mock
                provider: mock
                latency: 0ms
            """;

    /**
     * With the cache on and off: the cache's admin routes guard every path under {@code /admin} while they are
     * there, which would hide a route of another part that lost its own guard.
     */
    @ParameterizedTest(name = "cache on: {0}")
    @ValueSource(booleans = {true, false})
    void should_refuse_every_admin_route_without_the_admin_key(boolean cache) {
        String yaml = "admin:\n  key: " + ADMIN_KEY + "\n" + (cache ? PARTS : PARTS.replace("cache:\n  ttl: 1h\n", ""));
        List<String> wrong = new ArrayList<>();
        try (GatewayFixture fx = GatewayFixture.start(yaml)) {
            for (String route : ROUTES) {
                if (!cache && route.contains("/admin/cache")) {
                    assertEquals(404, send(fx, route, null).statusCode(), route + " without the cache");
                    continue;
                }
                for (String auth : new String[] {null, "Bearer wrong-" + ADMIN_KEY, "Bearer " + CLIENT_KEY,
                        ADMIN_KEY, "Basic " + ADMIN_KEY}) {
                    int status = send(fx, route, auth).statusCode();
                    if (status != 401) {
                        wrong.add(route + " with " + auth + ": " + status);
                    }
                }
                int admitted = send(fx, route, "Bearer " + ADMIN_KEY).statusCode();
                if (admitted == 401 || admitted == 403) {
                    wrong.add(route + " refused the admin key: " + admitted);
                }
            }
        }
        assertTrue(wrong.isEmpty(), String.join("\n", wrong));
    }

    @Test
    void should_answer_403_on_every_admin_route_while_no_admin_key_is_set() {
        List<String> wrong = new ArrayList<>();
        try (GatewayFixture fx = GatewayFixture.start(PARTS)) {
            for (String route : ROUTES) {
                for (String auth : new String[] {null, "Bearer ", "Bearer anything"}) {
                    int status = send(fx, route, auth).statusCode();
                    if (status != 403) {
                        wrong.add(route + " with " + auth + ": " + status);
                    }
                }
            }
        }
        assertTrue(wrong.isEmpty(), String.join("\n", wrong));
    }

    private static HttpResponse<String> send(GatewayFixture fx, String route, String authorization) {
        String[] parts = route.split(" ", 2);
        boolean body = parts[0].equals("POST") || parts[0].equals("PATCH");
        HttpRequest.Builder b = HttpRequest.newBuilder(fx.uri(parts[1])).timeout(Duration.ofSeconds(30))
                .method(parts[0], body ? HttpRequest.BodyPublishers.ofString("{}") : HttpRequest.BodyPublishers.noBody());
        if (authorization != null) {
            b.header("Authorization", authorization);
        }
        if (body) {
            b.header("Content-Type", "application/json");
        }
        return fx.send(b.build());
    }
}
