package dev.reprise.gateway.stage;

import dev.reprise.gateway.metrics.GatewayMetrics;
import dev.reprise.gateway.pipeline.Outcome;
import dev.reprise.gateway.pipeline.RequestContext;
import dev.reprise.gateway.pipeline.Stage;
import dev.reprise.gateway.stream.LiveStream;
import dev.reprise.gateway.upstream.ProviderPool;
import dev.reprise.models.catalogue.Deployment;
import dev.reprise.models.provider.Provider;
import dev.reprise.models.provider.ProviderException;
import dev.reprise.models.wire.ChatCompletionRequest;
import dev.reprise.models.wire.ChatCompletionResponse;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletionException;
import java.util.function.LongSupplier;

/**
 * The last stage: calls the deployment's provider, whole or streamed, and records upstream latency and
 * tokens. It always answers. Provider errors propagate as {@link ProviderException}, which the pipeline
 * maps once; retries and fallback (issue 4) belong here too, deciding by exception type.
 */
public final class InvokeStage implements Stage {

    public static final String PROVIDER_HEADER = "x-reprise-provider";
    public static final String MODEL_HEADER = "x-reprise-model";

    private final ProviderPool providers;
    private final GatewayMetrics metrics;
    private final LongSupplier ticker;

    public InvokeStage(ProviderPool providers, GatewayMetrics metrics, LongSupplier ticker) {
        this.providers = providers;
        this.metrics = metrics;
        this.ticker = ticker;
    }

    @Override
    public String name() {
        return "invoke";
    }

    @Override
    public Optional<Outcome> before(RequestContext ctx) {
        Deployment deployment = ctx.deployment();
        Provider provider = providers.get(deployment);
        ChatCompletionRequest upstreamRequest = ctx.request().withModel(deployment.upstreamModel());
        long start = ticker.getAsLong();
        if (ctx.streaming()) {
            LiveStream live = LiveStream.start(provider, upstreamRequest);
            live.completion().whenComplete((response, error) -> {
                metrics.upstream(deployment, since(start), error == null ? null : errorType(error));
                if (response != null) {
                    metrics.tokens(deployment, response.usage());
                }
            });
            markServedBy(ctx, deployment);
            return Optional.of(new Outcome.Streaming(live));
        }
        try {
            ChatCompletionResponse response = provider.chat(upstreamRequest);
            metrics.upstream(deployment, since(start), null);
            metrics.tokens(deployment, response.usage());
            markServedBy(ctx, deployment);
            return Optional.of(new Outcome.Answered(response));
        } catch (ProviderException e) {
            metrics.upstream(deployment, since(start), errorType(e));
            throw e;
        }
    }

    private static void markServedBy(RequestContext ctx, Deployment deployment) {
        ctx.responseHeader(PROVIDER_HEADER, deployment.provider().configName());
        ctx.responseHeader(MODEL_HEADER, deployment.upstreamModel());
    }

    private Duration since(long start) {
        return Duration.ofNanos(ticker.getAsLong() - start);
    }

    private static String errorType(Throwable error) {
        Throwable e = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
        return e.getClass().getSimpleName();
    }
}
