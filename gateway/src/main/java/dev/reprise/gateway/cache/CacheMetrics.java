package dev.reprise.gateway.cache;

import dev.reprise.cache.VectorIndex;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The cache's meters: lookups by tier and result, the top-1 similarity of every semantic lookup (so
 * operators see how close misses come), embedding latency, index size, evictions, and what hits saved.
 * Tags are bounded: tier, result and model alias come from code and config, never from a request.
 */
final class CacheMetrics {

    /** Similarity buckets: most of the decision happens between 0.8 and 1.0. */
    private static final double[] SIMILARITY_BUCKETS = {0.5, 0.6, 0.7, 0.8, 0.85, 0.9, 0.92, 0.94, 0.95, 0.96,
            0.97, 0.98, 0.99, 1.0};

    private final MeterRegistry registry;
    // Kept once registered: every lookup and hit records them (tags are bounded, see above).
    private final ConcurrentHashMap<LookupKey, Counter> lookups = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, Counter[]> savedTokens = new ConcurrentHashMap<>();
    private final Timer embedding;
    private final DistributionSummary similarity;

    private record LookupKey(String tier, boolean hit, String alias) {
    }

    CacheMetrics(MeterRegistry registry, VectorIndex index) {
        this.registry = registry;
        this.embedding = Timer.builder("reprise.cache.embedding.duration")
                .description("Time to embed one request's text for the semantic tier")
                .serviceLevelObjectives(Duration.ofMillis(1), Duration.ofMillis(2), Duration.ofMillis(5),
                        Duration.ofMillis(10), Duration.ofMillis(25), Duration.ofMillis(50), Duration.ofMillis(100))
                .register(registry);
        this.similarity = DistributionSummary.builder("reprise.cache.similarity")
                .description("Top-1 cosine similarity of every semantic lookup, hit or miss")
                .serviceLevelObjectives(SIMILARITY_BUCKETS)
                .register(registry);
        Gauge.builder("reprise.cache.entries", index, i -> i.stats().entries())
                .description("Entries in the cache index (expired ones count until purged)")
                .register(registry);
        Gauge.builder("reprise.cache.size", index, i -> i.stats().bytesOnDisk())
                .description("Bytes the cache index takes on disk").baseUnit("bytes")
                .register(registry);
        FunctionCounter.builder("reprise.cache.evictions", index, i -> i.stats().evictions())
                .description("Entries evicted to stay under cache.max-entries")
                .register(registry);
    }

    void lookup(String tier, boolean hit, String alias) {
        lookups.computeIfAbsent(new LookupKey(tier, hit, alias), key -> Counter.builder("reprise.cache.lookups")
                .description("Cache lookups by tier and result")
                .tags("tier", key.tier(), "result", key.hit() ? "hit" : "miss", "model", key.alias())
                .register(registry)).increment();
    }

    void bypass(String reason) {
        Counter.builder("reprise.cache.bypassed")
                .description("Requests that skipped the cache, by reason")
                .tags("reason", reason)
                .register(registry).increment();
    }

    void embedded(Duration elapsed) {
        embedding.record(elapsed);
    }

    void similarity(float topSimilarity) {
        similarity.record(topSimilarity);
    }

    /** The dollars saved are counted per settled request, as {@code reprise_cost_saved_usd_total}. */
    void saved(String alias, long promptTokens, long completionTokens) {
        Counter[] counters = savedTokens.computeIfAbsent(alias, model -> new Counter[] {
                Counter.builder("reprise.cache.saved.tokens").tags("type", "input", "model", model)
                        .description("Tokens that cache hits did not send upstream").register(registry),
                Counter.builder("reprise.cache.saved.tokens").tags("type", "output", "model", model)
                        .description("Tokens that cache hits did not send upstream").register(registry)});
        counters[0].increment(promptTokens);
        counters[1].increment(completionTokens);
    }

    /** {@code result}: {@code ok}, {@code failed}, or {@code dropped} (the writer's queue was full). */
    void stored(String result) {
        Counter.builder("reprise.cache.stores").tags("result", result)
                .description("Answers written to the cache").register(registry).increment();
    }

    /** The same meter as the overload control's skipped steps, for the stores it changes. */
    void degraded(String what, String cause) {
        Counter.builder("reprise.overload.skipped")
                .description("Work skipped for requests under load, by what and why")
                .tags("what", what, "cause", cause)
                .register(registry).increment();
    }

    void wrongHitReported() {
        Counter.builder("reprise.cache.feedback.wrong")
                .description("Entries reported wrong through the feedback endpoint (and evicted)")
                .register(registry).increment();
    }
}
