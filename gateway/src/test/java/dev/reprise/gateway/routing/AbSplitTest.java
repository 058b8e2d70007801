package dev.reprise.gateway.routing;

import dev.reprise.gateway.Gateway;
import dev.reprise.gateway.GatewayFixture;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.util.HashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A/B variants: weighted, sticky per caller, with a system-prompt variant and per-variant metrics. */
class AbSplitTest {

    private static final int CALLERS = 150;

    @Test
    void should_assign_each_caller_a_sticky_variant_by_weight_and_count_it() throws Exception {
        try (ScriptedUpstream support = new ScriptedUpstream(); ScriptedUpstream strong = new ScriptedUpstream()) {
            support.always(ScriptedUpstream.ok("support says"));
            strong.always(ScriptedUpstream.ok("strong says"));
            String yaml = """
                    models:
                      - name: support
                        provider: openai
                        model: support-model
                        base-url: %s
                        api-key: sk-s
                        price: { input: 1.0, output: 2.0 }
                        variants:
                          - { name: control, weight: 50 }
                          - { name: concise, weight: 30, prompt: "Answer in one sentence.", prompt-mode: prefix }
                          - { name: strong-model, weight: 20, alias: strong }
                      - name: strong
                        provider: openai
                        model: strong-model
                        base-url: %s
                        api-key: sk-t
                    """.formatted(support.baseUrl(), strong.baseUrl());
            try (GatewayFixture fx = GatewayFixture.start(GatewayFixture.config(yaml), Gateway.Options.defaults())) {
                Map<String, Integer> byVariant = new HashMap<>();
                for (int caller = 0; caller < CALLERS; caller++) {
                    String first = null;
                    for (int repeat = 0; repeat < 2; repeat++) {
                        HttpResponse<String> res = fx.post("/v1/chat/completions",
                                "{\"model\":\"support\",\"user\":\"user-" + caller + "\",\"messages\":["
                                        + "{\"role\":\"system\",\"content\":\"You help with orders.\"},"
                                        + "{\"role\":\"user\",\"content\":\"question " + repeat + "\"}]}");
                        assertEquals(200, res.statusCode(), res.body());
                        String variant = res.headers().firstValue("x-reprise-variant").orElseThrow();
                        if (first == null) {
                            first = variant;
                            byVariant.merge(variant, 1, Integer::sum);
                        }
                        assertEquals(first, variant, "user-" + caller + " keeps its variant");
                        if (variant.equals("strong-model")) {
                            assertTrue(res.body().contains("strong says"), res.body());
                        } else {
                            assertTrue(res.body().contains("support says"), res.body());
                        }
                    }
                }
                double control = byVariant.getOrDefault("control", 0) / (double) CALLERS;
                double concise = byVariant.getOrDefault("concise", 0) / (double) CALLERS;
                assertTrue(control > 0.35 && control < 0.65, "control share " + control + " " + byVariant);
                assertTrue(concise > 0.18 && concise < 0.42, "concise share " + concise + " " + byVariant);

                long prefixed = support.seen.stream()
                        .filter(s -> s.body().contains("Answer in one sentence.\\n\\nYou help with orders.")).count();
                assertEquals(2L * byVariant.get("concise"), prefixed, "the concise variant's prompt prefixes the system message");
                assertEquals(2 * byVariant.getOrDefault("strong-model", 0), strong.calls());

                HttpResponse<String> header = fx.post("/v1/chat/completions", GatewayFixture.chat("support", "x"),
                        "x-reprise-ab-key", "user-7");
                HttpResponse<String> user = fx.post("/v1/chat/completions",
                        "{\"model\":\"support\",\"user\":\"user-7\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}");
                assertEquals(user.headers().firstValue("x-reprise-variant"), header.headers().firstValue("x-reprise-variant"),
                        "the x-reprise-ab-key header and the user field are the same key");

                String metrics = fx.get("/metrics").body();
                int conciseRequests = 2 * byVariant.get("concise");
                assertTrue(metrics.contains("reprise_variant_requests_total{model=\"support\",result=\"ok\",variant=\"concise\"} "
                        + (conciseRequests + ("concise".equals(user.headers().firstValue("x-reprise-variant").orElse(null)) ? 2 : 0))
                        + ".0"), metrics);
                assertTrue(metrics.contains("reprise_variant_tokens_total{model=\"support\",type=\"input\",variant=\"control\"}"),
                        metrics);
                assertTrue(metrics.contains("reprise_variant_cost_usd_total{model=\"support\",variant=\"control\"}"), metrics);
                assertTrue(metrics.contains("reprise_variant_duration_seconds_count{model=\"support\",variant=\"strong-model\"}"),
                        metrics);
            }
        }
    }
}
