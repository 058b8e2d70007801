package dev.reprise.gateway.metrics;

import dev.reprise.models.catalogue.Deployment;
import dev.reprise.models.wire.Usage;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;

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

    /** Bucket bounds for tokens per request: from a one-word question to a long document. */
    private static final double[] TOKEN_BUCKETS = {1, 4, 16, 64, 256, 1024, 4096, 16384, 65536, 262144, 1048576};

    private final MeterRegistry registry;
    // The meters every request records, kept once registered: building and registering them per request was a few
    // percent of a cache hit's CPU. Keys are bounded as the tags are (aliases and providers come from config).
    private final ConcurrentHashMap<RequestKey, RequestMeters> requestMeters = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<ServerKey, Timer> serverDurations = new ConcurrentHashMap<>();

    private record RequestKey(String model, String provider, int status) {
    }

    private record RequestMeters(Counter count, Timer duration) {
    }

    private record ServerKey(String model, String provider, String errorType) {
    }

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
        String served = provider == null ? NONE : provider;
        RequestMeters meters = requestMeters.computeIfAbsent(new RequestKey(model, served, status), key -> {
            String statusTag = Integer.toString(key.status());
            return new RequestMeters(
                    Counter.builder("reprise.requests")
                            .description("Chat completion requests by model alias, provider and HTTP status")
                            .tags("model", key.model(), "provider", key.provider(), "status", statusTag)
                            .register(registry),
                    Timer.builder("reprise.request.duration")
                            .description("Time from request to the complete answer")
                            .tags("model", key.model(), "provider", key.provider(), "status", statusTag)
                            .serviceLevelObjectives(LATENCY_BUCKETS)
                            .register(registry));
        });
        meters.count().increment();
        meters.duration().record(elapsed);
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

    /**
     * A settled request's tokens: {@code reprise_tokens_total{model, provider, type}} and the OpenTelemetry
     * histogram {@code gen_ai_client_token_usage{gen_ai_token_type}} (one observation per request and direction).
     * Counts the provider reported, else the estimate; nothing for a request that sent nothing upstream.
     */
    public void tokens(String alias, String provider, long input, long output) {
        tokenCounter(alias, provider, "input").increment(input);
        tokenCounter(alias, provider, "output").increment(output);
        tokenUsage(alias, provider, "input").record(input);
        tokenUsage(alias, provider, "output").record(output);
    }

    private Counter tokenCounter(String alias, String provider, String type) {
        return Counter.builder("reprise.tokens")
                .description("Tokens consumed upstream, by model alias, provider and direction")
                .tags("model", alias, "provider", provider, "type", type)
                .register(registry);
    }

    private DistributionSummary tokenUsage(String alias, String provider, String type) {
        return DistributionSummary.builder("gen_ai.client.token.usage")
                .description("Tokens per request and direction (OpenTelemetry GenAI)")
                .tags("gen_ai.operation.name", "chat", "gen_ai.provider.name", provider,
                        "gen_ai.request.model", alias, "gen_ai.token.type", type)
                .serviceLevelObjectives(TOKEN_BUCKETS)
                .register(registry);
    }

    /**
     * A settled request as the server saw it: {@code gen_ai_server_request_duration_seconds} and, for a stream that
     * got a first token, {@code gen_ai_server_time_to_first_token_seconds}. {@code errorType} is null on success.
     */
    public void serverRequest(String alias, String provider, String errorType, Duration elapsed,
                              Duration timeToFirstToken) {
        String model = alias == null ? NONE : alias;
        String served = provider == null ? NONE : provider;
        serverDurations.computeIfAbsent(new ServerKey(model, served, errorType == null ? NONE : errorType),
                key -> Timer.builder("gen_ai.server.request.duration")
                        .description("Time from request to the complete answer (OpenTelemetry GenAI)")
                        .tags("gen_ai.operation.name", "chat", "gen_ai.request.model", key.model(),
                                "gen_ai.provider.name", key.provider(), "error.type", key.errorType())
                        .serviceLevelObjectives(LATENCY_BUCKETS)
                        .register(registry)).record(elapsed);
        if (timeToFirstToken != null) {
            Timer.builder("gen_ai.server.time_to_first_token")
                    .description("Time from request to the first streamed token (OpenTelemetry GenAI)")
                    .tags("gen_ai.operation.name", "chat", "gen_ai.request.model", model,
                            "gen_ai.provider.name", served)
                    .serviceLevelObjectives(LATENCY_BUCKETS)
                    .register(registry).record(timeToFirstToken);
        }
    }

    /** What a settled request cost upstream: {@code reprise_cost_usd_total{model, provider, deployment}}. */
    public void cost(String alias, String provider, String deployment, double usd) {
        Counter.builder("reprise.cost.usd")
                .description("Upstream cost at the serving deployment's price")
                .tags("model", alias, "provider", provider, "deployment", deployment)
                .register(registry).increment(usd);
    }

    /** What a cache hit or a shared answer did not spend: {@code reprise_cost_saved_usd_total{model}}. */
    public void costSaved(String alias, double usd) {
        Counter.builder("reprise.cost.saved.usd")
                .description("Upstream cost that cache hits and coalesced requests did not spend, at the catalogue's prices")
                .tags("model", alias)
                .register(registry).increment(usd);
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

    /** A move to the next alias of a fallback chain: {@code reprise_fallback_total{model, to, reason}}. */
    public void fallback(String fromAlias, String toAlias, String reason) {
        Counter.builder("reprise.fallback")
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

    /**
     * A request refused by one of the gateway's rate limits: {@code reprise_rate_limited_total{scope}}, the scope
     * ({@code key}, {@code tenant}, {@code alias}, {@code alias_caller}) whose limit kept it waiting longest.
     */
    public void rateLimited(String scope) {
        Counter.builder("reprise.rate.limited")
                .description("Requests refused by a gateway rate limit, by the scope of the limit")
                .tags("scope", scope)
                .register(registry).increment();
    }

    private Counter variantTokens(VariantResult r, String type) {
        return Counter.builder("reprise.variant.tokens")
                .description("Upstream tokens per A/B variant")
                .tags("model", r.alias(), "variant", r.variant(), "type", type)
                .register(registry);
    }
}
