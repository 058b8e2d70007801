package dev.reprise.gateway.overload;

import com.fasterxml.jackson.databind.JsonNode;
import dev.reprise.gateway.Gateway;
import dev.reprise.gateway.GatewayFixture;
import dev.reprise.gateway.cache.CountingProviders;
import dev.reprise.gateway.cache.ResponseCache;
import dev.reprise.models.wire.WireJson;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Degrade before shedding, through the real server with the real embedding model: the test sets the scheduler lag
 * the overload control reads (and takes its CPU slots) instead of loading the machine, and checks what each level
 * skips, what it tells the client and the metrics, that exact hits are served at every level, and that the gateway
 * comes back to normal when the lag falls. Each test asks its own questions.
 */
class OverloadEndToEndTest {

    static final String YAML = """
            models:
              - name: mock
                provider: mock
                latency: 0ms
              - name: flagged
                provider: mock
                latency: 0ms
                guardrails:
                  injection: { action: flag }
              - name: blocking
                provider: mock
                latency: 0ms
                guardrails:
                  injection: { action: block }
            guardrails:
              injection: { action: "off" }
            cache:
              similarity-threshold: 0.9
            overload:
              cpu-queue: 2
              degrade-lag: 50ms
              shed-lag: 1s
              recover-after: 0s
            """;
    static final long DEGRADED = Duration.ofMillis(200).toNanos();
    static final long SHEDDING = Duration.ofSeconds(2).toNanos();

    static final AtomicLong lag = new AtomicLong();
    static GatewayFixture fixture;
    static CountingProviders upstream;
    static ResponseCache cache;
    static Overload overload;

    @BeforeAll
    static void start() {
        upstream = new CountingProviders();
        fixture = GatewayFixture.start(GatewayFixture.config(YAML), Gateway.Options.defaults()
                .withProviderFactory(upstream).withSchedulerLag(lag::get));
        cache = fixture.gateway.cache().orElseThrow();
        overload = fixture.gateway.overload().orElseThrow();
    }

    @AfterEach
    void calm() {
        lag.set(0);
    }

    @AfterAll
    static void stop() {
        fixture.close();
    }

    @Test
    void should_skip_the_semantic_tier_and_defer_the_store_while_degraded_then_serve_by_meaning_again() {
        assertEquals("miss", cacheStatus(ask("mock", "How do I export my invoices as a spreadsheet?")));
        assertEquals("hit-semantic", cacheStatus(ask("mock", "How can I export my invoices as a spreadsheet?")));
        double skippedBefore = metric("reprise_overload_skipped_total", "cause=\"lag\",what=\"semantic-skipped\"");

        lag.set(DEGRADED);
        HttpResponse<String> degraded = post("mock", "How could I export my invoices as a spreadsheet?");

        assertEquals(200, degraded.statusCode());
        assertEquals("miss", cacheStatus(degraded), "a degraded request was answered by meaning");
        assertEquals("semantic-skipped, store-deferred", degradedHeader(degraded));
        assertEquals(skippedBefore + 1,
                metric("reprise_overload_skipped_total", "cause=\"lag\",what=\"semantic-skipped\""));
        assertTrue(metric("reprise_overload_skipped_total", "what=\"store-deferred\"") >= 1);
        assertEquals(1.0, metric("reprise_overload_level", ""));
        assertFalse(cache.awaitPendingWrites(Duration.ofMillis(50)), "the writer embedded a deferred answer under load");
        assertEquals("hit-exact", cacheStatus(post("mock", "How could I export my invoices as a spreadsheet?")),
                "a deferred answer is not served to an exact repeat while it waits");

        lag.set(0);
        assertTrue(cache.awaitPendingWrites(Duration.ofSeconds(10)), "the deferred answer was not stored");
        HttpResponse<String> repeat = ask("mock", "How could I export my invoices as a spreadsheet?");
        assertEquals("hit-exact", cacheStatus(repeat), "the deferred answer was not stored");
        assertEquals("", degradedHeader(repeat));
        assertEquals("hit-semantic", cacheStatus(ask("mock", "How might I export my invoices as a spreadsheet?")),
                "the semantic tier did not come back");
        assertEquals(0.0, metric("reprise_overload_level", ""));
    }

    @Test
    void should_serve_exact_hits_while_shedding_and_refuse_misses_with_a_fast_503() throws IOException {
        assertEquals("miss", cacheStatus(ask("mock", "What does the retention setting keep?")));
        int calls = upstream.calls("mock");

        lag.set(SHEDDING);
        HttpResponse<String> hit = ask("mock", "What does the retention setting keep?");
        HttpResponse<String> shed = ask("mock", "What does the audit setting keep?");

        assertEquals(200, hit.statusCode());
        assertEquals("hit-exact", cacheStatus(hit));
        assertEquals(503, shed.statusCode());
        assertEquals("1", shed.headers().firstValue("retry-after").orElse("(none)"));
        JsonNode error = WireJson.mapper().readTree(shed.body()).path("error");
        assertEquals("server_error", error.path("type").asText());
        assertEquals("gateway_overloaded", error.path("code").asText());
        assertTrue(error.path("message").asText().contains("retry after 1s"), error.toString());
        assertTrue(error.has("param"), "the error has no param field: " + error);
        assertEquals(calls, upstream.calls("mock"), "a shed request reached the provider");
        assertTrue(metric("reprise_overload_shed_total", "") >= 1);
        assertEquals(2.0, metric("reprise_overload_level", ""));

        lag.set(0);
        assertEquals(200, ask("mock", "What does the audit setting keep?").statusCode());
    }

    @Test
    void should_skip_the_semantic_tier_when_every_cpu_slot_is_taken() {
        assertEquals("miss", cacheStatus(ask("mock", "Where do I change the billing address?")));
        CpuSlots slots = overload.slots();
        assertTrue(slots.tryEnter());
        assertTrue(slots.tryEnter());
        HttpResponse<String> skipped;
        try {
            skipped = ask("mock", "Where can I change the billing address?");
        } finally {
            slots.leave();
            slots.leave();
        }

        assertEquals("miss", cacheStatus(skipped));
        assertEquals("semantic-skipped, store-deferred", degradedHeader(skipped));
        assertTrue(metric("reprise_overload_skipped_total", "cause=\"cpu-queue\",what=\"semantic-skipped\"") >= 1);
        assertEquals("hit-semantic", cacheStatus(ask("mock", "Where could I change the billing address?")));
    }

    @Test
    void should_skip_a_flagging_inspection_while_degraded_and_not_store_its_answer() {
        lag.set(DEGRADED);
        HttpResponse<String> degraded = ask("flagged", "Which regions does the backup setting cover?");

        assertEquals(200, degraded.statusCode());
        assertEquals("injection-inspection-skipped, semantic-skipped, store-dropped", degradedHeader(degraded));

        lag.set(0);
        HttpResponse<String> again = ask("flagged", "Which regions does the backup setting cover?");
        assertEquals("miss", cacheStatus(again), "an answer to an uninspected prompt was stored");
        assertEquals("", degradedHeader(again));
    }

    @Test
    void should_refuse_rather_than_skip_a_blocking_inspection_when_no_cpu_slot_is_free() {
        CpuSlots slots = overload.slots();
        assertTrue(slots.tryEnter());
        assertTrue(slots.tryEnter());
        HttpResponse<String> refused;
        try {
            refused = ask("blocking", "Which regions does the restore setting cover?");
        } finally {
            slots.leave();
            slots.leave();
        }

        assertEquals(503, refused.statusCode());
        assertEquals("1", refused.headers().firstValue("retry-after").orElse("(none)"));
        assertEquals(200, ask("blocking", "Which regions does the restore setting cover?").statusCode());
    }

    // --- helpers -------------------------------------------------------------------------------------

    static HttpResponse<String> ask(String model, String text) {
        HttpResponse<String> response = post(model, text);
        // Stores happen after the answer, off the response path: wait for them so the next ask sees them.
        assertTrue(cache.awaitPendingWrites(Duration.ofSeconds(10)), "cache writes did not finish");
        return response;
    }

    static HttpResponse<String> post(String model, String text) {
        return fixture.post("/v1/chat/completions", GatewayFixture.chat(model, text));
    }

    static String cacheStatus(HttpResponse<String> r) {
        return r.headers().firstValue("x-reprise-cache").orElse("(none)");
    }

    static String degradedHeader(HttpResponse<String> r) {
        return r.headers().firstValue("x-reprise-degraded").orElse("");
    }

    /** The sum of the samples of {@code name} whose labels contain {@code labels}. */
    static double metric(String name, String labels) {
        Matcher m = Pattern.compile("(?m)^" + Pattern.quote(name) + "(\\{[^}]*})? (\\S+)$")
                .matcher(fixture.get("/metrics").body());
        double sum = 0;
        boolean found = false;
        while (m.find()) {
            if ((m.group(1) == null ? "" : m.group(1)).contains(labels)) {
                sum += Double.parseDouble(m.group(2));
                found = true;
            }
        }
        assertFalse(!found && labels.isEmpty(), "no metric " + name);
        return sum;
    }
}
