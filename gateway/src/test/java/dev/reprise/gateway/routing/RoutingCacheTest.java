package dev.reprise.gateway.routing;

import dev.reprise.gateway.FakeProviders;
import dev.reprise.gateway.Gateway;
import dev.reprise.gateway.GatewayFixture;
import dev.reprise.gateway.cache.ResponseCache;
import dev.reprise.models.provider.ProviderException;
import dev.reprise.models.provider.ProviderFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Routing with the cache on: routes and variants run before the cache key, so two task types or two
 * variants never share an entry, and an answer from a fallback alias is never stored under the routed one.
 */
class RoutingCacheTest {

    private static final String YAML = """
            models:
              - name: support
                provider: mock
                model: support-model
                latency: 0ms
                variants:
                  - { name: plain, weight: 1 }
                  - { name: pirate, weight: 1, prompt: "Talk like a pirate." }
              - name: cheap
                provider: mock
                model: cheap-model
                latency: 0ms
              - name: strong
                provider: mock
                model: strong-model
                latency: 0ms
              - name: flaky
                provider: openai
                model: flaky-model
                base-url: http://127.0.0.1:9/v1
                api-key: sk-flaky
                fallbacks: [cheap]
                retry: { max-attempts: 1 }
            routes:
              - { name: classification, match: { task-type: classification }, alias: cheap }
              - { name: writing, match: { task-type: writing }, alias: strong }
            cache:
              commit-interval: 200ms
            """;

    private static GatewayFixture fx;
    private static ResponseCache cache;

    @BeforeAll
    static void start() {
        fx = GatewayFixture.start(GatewayFixture.config(YAML), Gateway.Options.defaults().withProviderFactory(d ->
                d.alias().equals("flaky")
                        ? new FakeProviders.Failing(d, new ProviderException.ServerError("openai", 500, "down", null))
                        : ProviderFactory.create(d)));
        cache = fx.gateway.cache().orElseThrow();
    }

    @AfterAll
    static void stop() {
        fx.close();
    }

    private static HttpResponse<String> ask(String body, String... headers) {
        HttpResponse<String> res = fx.post("/v1/chat/completions", body, headers);
        assertEquals(200, res.statusCode(), res.body());
        assertTrue(cache.awaitPendingWrites(Duration.ofSeconds(5)));
        return res;
    }

    private static String cacheStatus(HttpResponse<String> res) {
        return res.headers().firstValue("x-reprise-cache").orElseThrow();
    }

    @Test
    void should_keep_task_types_routed_to_different_aliases_apart() {
        String q = GatewayFixture.chat("support", "What is your refund policy?");
        assertEquals("miss", cacheStatus(ask(q, "x-reprise-task-type", "classification")));
        assertEquals("miss", cacheStatus(ask(q, "x-reprise-task-type", "writing")));
        HttpResponse<String> again = ask(q, "x-reprise-task-type", "classification");
        assertEquals("hit-exact", cacheStatus(again));
        assertEquals("classification", again.headers().firstValue("x-reprise-route").orElseThrow());
    }

    @Test
    void should_keep_variants_with_different_prompts_apart() {
        String plainKey = key("plain");
        String pirateKey = key("pirate");
        String q = GatewayFixture.chat("support", "How do I change my address?");
        HttpResponse<String> plain = ask(q, "x-reprise-ab-key", plainKey);
        assertEquals("plain", plain.headers().firstValue("x-reprise-variant").orElseThrow());
        assertEquals("miss", cacheStatus(plain));
        HttpResponse<String> pirate = ask(q, "x-reprise-ab-key", pirateKey);
        assertEquals("pirate", pirate.headers().firstValue("x-reprise-variant").orElseThrow());
        assertEquals("miss", cacheStatus(pirate), "the pirate prompt is another namespace");
        assertEquals("hit-exact", cacheStatus(ask(q, "x-reprise-ab-key", plainKey)));
        assertTrue(fx.get("/metrics").body().contains(
                "reprise_variant_cache_hits_total{model=\"support\",variant=\"plain\"} 1.0"));
    }

    @Test
    void should_not_store_an_answer_served_by_a_fallback() {
        String q = GatewayFixture.chat("flaky", "Is the service up?");
        String stream = "{\"model\":\"flaky\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"Is it up now?\"}]}";
        for (int i = 0; i < 2; i++) {
            HttpResponse<String> res = ask(q);
            assertEquals("flaky -> cheap", res.headers().firstValue("x-reprise-fallback").orElseThrow());
            assertEquals("miss", cacheStatus(res));
            HttpResponse<String> streamed = ask(stream);
            assertEquals("flaky -> cheap", streamed.headers().firstValue("x-reprise-fallback").orElseThrow());
            assertEquals("miss", cacheStatus(streamed));
        }
    }

    /** An A/B key that lands in {@code variant} of support's split. */
    private static String key(String variant) {
        List<Variant> variants = List.of(new Variant("plain", 1, null, null, null),
                new Variant("pirate", 1, null, "Talk like a pirate.", null));
        for (int i = 0; ; i++) {
            if (VariantPicker.pick(variants, "support", "k" + i).name().equals(variant)) {
                assertNotEquals(null, variant);
                return "k" + i;
            }
        }
    }
}
