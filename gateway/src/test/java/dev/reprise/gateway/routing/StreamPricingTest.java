package dev.reprise.gateway.routing;

import dev.reprise.gateway.GatewayFixture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * An answer is costed at the price of the deployment that served it, plain or streamed: here the alias's first
 * deployment is cheap and always fails, its second is dear and answers, so any use of the first's price shows.
 */
class StreamPricingTest {

    private static final Pattern COST = Pattern.compile(
            "reprise_cost_usd_total\\{deployment=\"([^\"]+)\",model=\"priced\",provider=\"openai\"} ([0-9.Ee-]+)");

    private ScriptedUpstream cheap;
    private ScriptedUpstream dear;
    private GatewayFixture fx;

    @BeforeEach
    void start() throws IOException {
        cheap = new ScriptedUpstream().always(ScriptedUpstream.status(500));
        // 10 input and 5 output tokens, as the provider reports them (in the stream's last chunk for a stream).
        dear = new ScriptedUpstream().always(seen -> seen.body().matches("(?s).*\"stream\"\\s*:\\s*true.*")
                ? ScriptedUpstream.streamUntilClose("from ", "the dear one") : ScriptedUpstream.ok("from the dear one"));
        fx = GatewayFixture.start("""
                models:
                  - name: priced
                    strategy: round-robin
                    retry: { max-attempts: 3, initial-backoff: 1ms, max-backoff: 2ms }
                    breaker: { failures: 100, window: 30s, cool-down: 30s }
                    deployments:
                      - provider: openai
                        model: cheap-model
                        base-url: %s
                        api-key: sk-cheap
                        price: { input: 1, output: 2 }
                      - provider: openai
                        model: dear-model
                        base-url: %s
                        api-key: sk-dear
                        price: { input: 100, output: 200 }
                """.formatted(cheap.baseUrl(), dear.baseUrl()));
    }

    @AfterEach
    void stop() throws IOException {
        fx.close();
        cheap.close();
        dear.close();
    }

    @Test
    void should_cost_a_stream_at_the_price_of_the_deployment_that_served_it() {
        HttpResponse<String> res = fx.post("/v1/chat/completions", "{\"model\":\"priced\",\"stream\":true,"
                + "\"stream_options\":{\"include_usage\":true},"
                + "\"messages\":[{\"role\":\"user\",\"content\":\"what does it cost\"}]}");
        assertEquals(200, res.statusCode(), res.body());
        assertTrue(res.body().contains("the dear one"), res.body());
        // 10 x $100/M + 5 x $200/M; the cheap one's price would give $0.00002.
        assertEquals(Map.of("priced#1", 0.002), costs(), "cost by deployment");
    }

    @Test
    void should_cost_a_plain_answer_at_the_price_of_the_deployment_that_served_it() {
        HttpResponse<String> res = fx.post("/v1/chat/completions", GatewayFixture.chat("priced", "what does it cost"));
        assertEquals(200, res.statusCode(), res.body());
        assertEquals(Map.of("priced#1", 0.002), costs(), "cost by deployment");
    }

    /** The cost counter by deployment, once the request has settled (a stream settles at its end). */
    private Map<String, Double> costs() {
        Map<String, Double> costs = new TreeMap<>();
        Matcher m = COST.matcher(fx.get("/metrics").body());
        while (m.find()) {
            costs.put(m.group(1), Math.round(Double.parseDouble(m.group(2)) * 1e9) / 1e9);
        }
        return costs;
    }
}
