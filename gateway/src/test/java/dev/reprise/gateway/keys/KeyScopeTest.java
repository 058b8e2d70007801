package dev.reprise.gateway.keys;

import dev.reprise.gateway.GatewayFixture;
import dev.reprise.models.wire.WireJson;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;

import static dev.reprise.gateway.http.ErrorAssertions.assertError;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A key's {@code models} bound the alias the client asks for; where a route rule or an A/B variant then sends the
 * request is the operator's routing, which the key does not second-guess.
 */
class KeyScopeTest {

    private static final String YAML = """
            keys:
              - { id: mock-only, key: rk-scope-mock, models: [mock] }
              - { id: other-only, key: rk-scope-other, models: [other] }
            models:
              - name: mock
                provider: mock
                latency: 0ms
              - name: other
                provider: mock
                latency: 0ms
              - name: split
                provider: mock
                latency: 0ms
                variants:
                  - { name: elsewhere, weight: 1, alias: other }
            routes:
              - name: bulk
                match: { task-type: bulk }
                alias: other
            """;

    private static GatewayFixture fx;

    @BeforeAll
    static void start() {
        fx = GatewayFixture.start(YAML);
    }

    @AfterAll
    static void stop() {
        fx.close();
    }

    private static HttpResponse<String> ask(String key, String model, String... headers) {
        String[] all = new String[headers.length + 2];
        all[0] = "Authorization";
        all[1] = "Bearer " + key;
        System.arraycopy(headers, 0, all, 2, headers.length);
        return fx.post("/v1/chat/completions", GatewayFixture.chat(model, "hi"), all);
    }

    @Test
    void should_refuse_an_alias_outside_the_key_with_403_naming_the_alias_only() {
        var error = assertError(ask("rk-scope-mock", "other"), 403, "invalid_request_error", "model",
                "model_not_allowed");
        assertTrue(error.get("message").asText().contains("'other'"), error.toString());
        assertFalse(error.toString().contains("mock-only") || error.toString().contains("rk-scope"), error.toString());
        assertEquals(200, ask("rk-scope-mock", "mock").statusCode());
    }

    @Test
    void should_let_a_route_rule_send_an_allowed_request_to_another_alias() {
        HttpResponse<String> res = ask("rk-scope-mock", "mock", "x-reprise-task-type", "bulk");
        assertEquals(200, res.statusCode(), res.body());
        assertEquals("bulk", res.headers().firstValue("x-reprise-route").orElseThrow());
    }

    @Test
    void should_refuse_an_alias_not_granted_even_when_routing_would_send_it_to_a_granted_one() {
        assertError(ask("rk-scope-other", "mock", "x-reprise-task-type", "bulk"), 403, "invalid_request_error",
                "model", "model_not_allowed");
        assertError(ask("rk-scope-other", "split"), 403, "invalid_request_error", "model", "model_not_allowed");
    }

    @Test
    void should_check_the_alias_before_any_variant_swaps_it() {
        assertError(ask("rk-scope-mock", "split"), 403, "invalid_request_error", "model", "model_not_allowed");
    }

    @Test
    void should_answer_404_not_403_for_an_alias_that_does_not_exist() {
        assertError(ask("rk-scope-mock", "nope"), 404, "invalid_request_error", "model", "model_not_found");
    }

    @Test
    void should_list_and_show_only_the_aliases_the_key_may_call() throws Exception {
        HttpResponse<String> list = fx.get("/v1/models", "Authorization", "Bearer rk-scope-mock");
        assertEquals(200, list.statusCode(), list.body());
        List<String> ids = new ArrayList<>();
        WireJson.mapper().readTree(list.body()).get("data").forEach(m -> ids.add(m.get("id").asText()));
        assertEquals(List.of("mock"), ids);

        assertEquals(200, fx.get("/v1/models/mock", "Authorization", "Bearer rk-scope-mock").statusCode());
        assertError(fx.get("/v1/models/other", "Authorization", "Bearer rk-scope-mock"), 404, "invalid_request_error",
                "model", "model_not_found");
    }
}
