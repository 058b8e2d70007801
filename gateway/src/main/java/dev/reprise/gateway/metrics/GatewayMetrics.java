package dev.reprise.gateway.metrics;

import dev.reprise.models.catalogue.Deployment;
import dev.reprise.models.wire.Usage;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import java.time.Duration;

/**
 * The gateway's meters, behind named methods so call sites never build meter names or tags. Names
 * follow the OpenTelemetry GenAI conventions where one exists ({@code gen_ai.client.operation.duration}
 * for upstream calls); the rest are {@code reprise.*}. Tags are bounded: model aliases and providers
 * come from config, never from the request, so a client cannot blow up the series count.
 */
public final class GatewayMetrics {

    /** The tag value when a request failed before its model was resolved. */
    public static final String NONE = "none";

    /** Bucket bounds for latency histograms: from a cache hit to a slow reasoning model. */
    private static final Duration[] LATENCY_BUCKETS = {
            Duration.ofMillis(5), Duration.ofMillis(10), Duration.ofMillis(25), Duration.ofMillis(50),
            Duration.ofMillis(100), Duration.ofMillis(250), Duration.ofMillis(500), Duration.ofSeconds(1),
            Duration.ofMillis(2500), Duration.ofSeconds(5), Duration.ofSeconds(10), Duration.ofSeconds(30),
            Duration.ofSeconds(60), Duration.ofSeconds(120)};

    private final MeterRegistry registry;

    public GatewayMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    public MeterRegistry registry() {
        return registry;
    }

    /**
     * One finished client request: {@code reprise_requests_total} and {@code reprise_request_duration_seconds}.
     * {@code provider} is what served it ({@code cache} for a hit), or for an error the provider asked; null
     * (with {@code alias}) before the model was resolved.
     */
    public void request(String alias, String provider, int status, Duration elapsed) {
        String model = alias == null ? NONE : alias;
        provider = provider == null ? NONE : provider;
        String statusTag = Integer.toString(status);
        Counter.builder("reprise.requests")
                .description("Chat completion requests by model alias, provider and HTTP status")
                .tags("model", model, "provider", provider, "status", statusTag)
                .register(registry).increment();
        Timer.builder("reprise.request.duration")
                .description("Time from request to the complete answer")
                .tags("model", model, "provider", provider, "status", statusTag)
                .serviceLevelObjectives(LATENCY_BUCKETS)
                .register(registry).record(elapsed);
    }

    /**
     * One upstream call, successful or not: {@code gen_ai_client_operation_duration_seconds}.
     * {@code errorType} is null on success, else a short class of failure (e.g. {@code RateLimited}).
     */
    public void upstream(Deployment deployment, Duration elapsed, String errorType) {
        Timer.builder("gen_ai.client.operation.duration")
                .description("Upstream provider call duration")
                .tags("gen_ai.operation.name", "chat",
                        "gen_ai.provider.name", deployment.provider().configName(),
                        "gen_ai.request.model", deployment.upstreamModel(),
                        "model", deployment.alias(),
                        "error.type", errorType == null ? NONE : errorType)
                .serviceLevelObjectives(LATENCY_BUCKETS)
                .register(registry).record(elapsed);
    }

    /** Tokens the upstream reported: {@code reprise_tokens_total{type="input"|"output"}}. */
    public void tokens(Deployment deployment, Usage usage) {
        if (usage == null) {
            return;
        }
        tokenCounter(deployment, "input").increment(usage.promptTokens());
        tokenCounter(deployment, "output").increment(usage.completionTokens());
    }

    private Counter tokenCounter(Deployment deployment, String type) {
        return Counter.builder("reprise.tokens")
                .description("Tokens consumed upstream, by model alias, provider and direction")
                .tags("model", deployment.alias(), "provider", deployment.provider().configName(), "type", type)
                .register(registry);
    }
    /** One attempt on a deployment: {@code reprise_upstream_attempts_total{model, deployment, result}}. */
    public void attempt(String alias, String deploymentId, String result) {
        Counter.builder("reprise.upstream.attempts")
                .description("Upstream attempts by alias, deployment and result (ok or the failure reason)")
                .tags("model", alias, "deployment", deploymentId, "result", result)
                .register(registry).increment();
    }

    /** A retry within an alias: {@code reprise_retries_total{model, reason}}. */
    public void retry(String alias, String reason) {
        Counter.builder("reprise.retries")
                .description("Retries within an alias, by the failure that caused them")
                .tags("model", alias, "reason", reason)
                .register(registry).increment();
    }

    /** A move to the next alias of a fallback chain: {@code reprise_fallbacks_total{model, to, reason}}. */
    public void fallback(String fromAlias, String toAlias, String reason) {
        Counter.builder("reprise.fallbacks")
                .description("Fallbacks from one alias to the next, by reason")
                .tags("model", fromAlias, "to", toAlias, "reason", reason == null ? NONE : reason)
                .register(registry).increment();
    }

    /** A circuit breaker changed state: {@code reprise_breaker_transitions_total{deployment, from, to}}. */
    public void breakerTransition(String deploymentId, String from, String to) {
        Counter.builder("reprise.breaker.transitions")
                .description("Circuit breaker state changes by deployment")
                .tags("deployment", deploymentId, "from", from.toLowerCase(java.util.Locale.ROOT),
                        "to", to.toLowerCase(java.util.Locale.ROOT))
                .register(registry).increment();
    }

    /**
     * One call to one deployment (of an alias's several), to the answer or the first streamed token:
     * {@code reprise_deployment_duration_seconds{deployment, error_type}}.
     */
    public void deploymentCall(String deploymentId, Duration elapsed, String errorType) {
        Timer.builder("reprise.deployment.duration")
                .description("Upstream call duration per deployment (first token for streams)")
                .tags("deployment", deploymentId, "error.type", errorType == null ? NONE : errorType)
                .serviceLevelObjectives(LATENCY_BUCKETS)
                .register(registry).record(elapsed);
    }

    /** What one A/B variant's request cost and how it ended. */
    public record VariantResult(String alias, String variant, boolean error, boolean cacheHit, Duration elapsed,
                                Usage usage, double costUsd) {
    }

    /**
     * One request served under an A/B variant: {@code reprise_variant_requests_total{model, variant, result}},
     * its duration, tokens, cost and cache hits.
     */
    public void variant(VariantResult r) {
        Counter.builder("reprise.variant.requests")
                .description("Requests per A/B variant and result")
                .tags("model", r.alias(), "variant", r.variant(), "result", r.error() ? "error" : "ok")
                .register(registry).increment();
        Timer.builder("reprise.variant.duration")
                .description("Request duration per A/B variant")
                .tags("model", r.alias(), "variant", r.variant())
                .serviceLevelObjectives(LATENCY_BUCKETS)
                .register(registry).record(r.elapsed());
        if (r.cacheHit()) {
            Counter.builder("reprise.variant.cache.hits")
                    .description("Cache hits per A/B variant")
                    .tags("model", r.alias(), "variant", r.variant())
                    .register(registry).increment();
        }
        if (r.usage() != null && !r.cacheHit()) {
            variantTokens(r, "input").increment(r.usage().promptTokens());
            variantTokens(r, "output").increment(r.usage().completionTokens());
            Counter.builder("reprise.variant.cost.usd")
                    .description("Upstream cost per A/B variant, at the catalogue's prices")
                    .tags("model", r.alias(), "variant", r.variant())
                    .register(registry).increment(r.costUsd());
        }
    }

    private Counter variantTokens(VariantResult r, String type) {
        return Counter.builder("reprise.variant.tokens")
                .description("Upstream tokens per A/B variant")
                .tags("model", r.alias(), "variant", r.variant(), "type", type)
                .register(registry);
    }
}
