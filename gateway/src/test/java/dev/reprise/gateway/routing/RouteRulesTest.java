package dev.reprise.gateway.routing;

import dev.reprise.gateway.Gateway;
import dev.reprise.gateway.GatewayFixture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Route rules: the client always asks for "support"; the task type, a header or the prompt's size decide. */
class RouteRulesTest {

    static final String CONFIG = """
            models:
              - name: support
                provider: mock
                model: support-model
                latency: 0ms
              - name: cheap
                provider: mock
                model: cheap-model
                latency: 0ms
              - name: strong
                provider: mock
                model: strong-model
                latency: 0ms
            routes:
              - name: classification
                match: { task-type: classification }
                alias: cheap
              - name: writing
                match: { task-type: writing }
                alias: strong
              - name: beta-testers
                match: { model: support, headers: { X-Beta: "on" } }
                alias: strong
              - name: long-prompts
                match: { min-tokens: 400 }
                alias: strong
            """;

    private final PerDeploymentCounter counter = new PerDeploymentCounter();
    private GatewayFixture fx;

    @BeforeEach
    void start() {
        fx = GatewayFixture.start(GatewayFixture.config(CONFIG), Gateway.Options.defaults().withProviderFactory(counter));
    }

    @AfterEach
    void stop() {
        fx.close();
    }

    private HttpResponse<String> post(String body, String... headers) {
        HttpResponse<String> res = fx.post("/v1/chat/completions", body, headers);
        assertEquals(200, res.statusCode(), res.body());
        return res;
    }

    private static String model(HttpResponse<String> res) {
        return res.headers().firstValue("x-reprise-model").orElseThrow();
    }

    private static String route(HttpResponse<String> res) {
        return res.headers().firstValue("x-reprise-route").orElse(null);
    }

    @Test
    void should_route_by_the_task_type_header() {
        HttpResponse<String> res = post(GatewayFixture.chat("support", "Is this spam?"),
                "x-reprise-task-type", "classification");
        assertEquals("cheap-model", model(res));
        assertEquals("classification", route(res));
        assertEquals(1, counter.calls("cheap-model"));
        assertEquals(0, counter.calls("support-model"));
    }

    @Test
    void should_route_by_the_task_type_in_metadata() {
        HttpResponse<String> res = post("{\"model\":\"support\",\"metadata\":{\"task_type\":\"writing\"},"
                + "\"messages\":[{\"role\":\"user\",\"content\":\"Write a apology letter\"}]}");
        assertEquals("strong-model", model(res));
        assertEquals("writing", route(res));
    }

    @Test
    void should_keep_the_requested_alias_when_no_rule_matches() {
        HttpResponse<String> res = post(GatewayFixture.chat("support", "Where is my order?"),
                "x-reprise-task-type", "chit-chat");
        assertEquals("support-model", model(res));
        assertEquals(null, route(res));
    }

    @Test
    void should_route_by_any_header_and_the_requested_alias() {
        assertEquals("beta-testers", route(post(GatewayFixture.chat("support", "hi"), "x-beta", "on")));
        assertEquals(null, route(post(GatewayFixture.chat("support", "hi"), "x-beta", "off")));
        assertEquals(null, route(post(GatewayFixture.chat("cheap", "hi"), "x-beta", "on")),
                "the rule only applies to requests for support");
    }

    @Test
    void should_route_long_prompts_by_their_estimated_tokens() {
        String longText = "word ".repeat(400);
        HttpResponse<String> res = post(GatewayFixture.chat("support", longText));
        assertEquals("long-prompts", route(res));
        assertEquals("strong-model", model(res));
        assertEquals(null, route(post(GatewayFixture.chat("support", "short"))));
    }
}
