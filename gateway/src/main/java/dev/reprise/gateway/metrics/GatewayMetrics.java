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

    /** One finished client request: {@code reprise_requests_total} and {@code reprise_request_duration_seconds}. */
    public void request(Deployment deployment, int status, Duration elapsed) {
        String model = deployment == null ? NONE : deployment.alias();
        String provider = deployment == null ? NONE : deployment.provider().configName();
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
}
