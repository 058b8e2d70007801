package dev.reprise.gateway.stage;

import dev.reprise.gateway.metrics.GatewayMetrics;
import dev.reprise.gateway.pipeline.Outcome;
import dev.reprise.gateway.pipeline.RequestContext;
import dev.reprise.gateway.pipeline.ServedBy;
import dev.reprise.gateway.pipeline.SettledRequest;
import dev.reprise.gateway.pipeline.Stage;
import dev.reprise.gateway.routing.RouteAttributes;
import dev.reprise.gateway.upstream.FallbackChain;
import dev.reprise.gateway.upstream.Lease;
import dev.reprise.gateway.upstream.ProviderPool;
import dev.reprise.gateway.upstream.StreamAttempt;
import dev.reprise.gateway.upstream.StreamingCall;
import dev.reprise.models.catalogue.Deployment;
import dev.reprise.models.catalogue.Secret;
import dev.reprise.models.provider.ProviderException;
import dev.reprise.models.wire.ChatCompletionRequest;
import dev.reprise.models.wire.ChatCompletionResponse;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;

/**
 * The last stage: calls the routed alias's deployments through the {@link FallbackChain} (load balancing,
 * retries, breakers, fallbacks), whole or streamed, and says who answered. It always answers; provider
 * errors propagate as {@link ProviderException}, which the pipeline maps once.
 */
public final class InvokeStage implements Stage {

    private final FallbackChain chain;
    private final StreamingCall streaming;
    private final ProviderPool providers;
    private final GatewayMetrics metrics;
    private final LongSupplier ticker;

    public InvokeStage(FallbackChain chain, ProviderPool providers, GatewayMetrics metrics, LongSupplier ticker) {
        this.chain = chain;
        this.providers = providers;
        this.metrics = metrics;
        this.ticker = ticker;
        this.streaming = new StreamingCall(chain, providers, metrics, ticker);
    }

    @Override
    public String name() {
        return "invoke";
    }

    @Override
    public Optional<Outcome> before(RequestContext ctx) {
        String alias = ctx.deployment().alias();
        ChatCompletionRequest request = ctx.request();
        if (ctx.streaming()) {
            // markServed runs on the stream's thread once an attempt has its first token, before the client
            // sees it: what the stream's end records (metrics, price, the cache) then reads the served deployment.
            return Optional.of(new Outcome.Streaming(streaming.start(ctx.requestId(), alias, request,
                    ctx.deployment().provider().configName(), new StreamingCall.Observer() {
                        @Override
                        public void served(FallbackChain.Served<StreamAttempt> served) {
                            ctx.settling().firstToken(ticker.getAsLong());
                            markServed(ctx, served);
                        }

                        @Override
                        public void failed(int attempts) {
                            markFailed(ctx, attempts);
                        }
                    })));
        }
        AtomicInteger tried = new AtomicInteger();
        try {
            FallbackChain.Served<ChatCompletionResponse> served = chain.run(ctx.requestId(), alias, lease -> {
                tried.incrementAndGet();
                return call(lease, request);
            }, () -> false);
            served.lease().release();
            markServed(ctx, served);
            return Optional.of(new Outcome.Answered(served.value()));
        } catch (ProviderException e) {
            markFailed(ctx, tried.get());
            throw e;
        }
    }

    /** No attempt answered: the header and the settled record say how many were made. */
    private static void markFailed(RequestContext ctx, int attempts) {
        ctx.responseHeader(RouteAttributes.ATTEMPTS_HEADER, Integer.toString(attempts));
        ctx.settling().attempts(attempts);
    }

    private ChatCompletionResponse call(Lease lease, ChatCompletionRequest request) {
        Deployment d = lease.deployment();
        long start = ticker.getAsLong();
        try {
            ChatCompletionResponse response = providers.get(d).chat(request.withModel(d.upstreamModel()));
            Duration elapsed = since(start);
            lease.succeeded(elapsed);
            metrics.upstream(d, elapsed, null);
            metrics.deploymentCall(lease.state().id(), elapsed, null);
            return response;
        } catch (ProviderException e) {
            Duration elapsed = since(start);
            metrics.upstream(d, elapsed, e.getClass().getSimpleName());
            metrics.deploymentCall(lease.state().id(), elapsed, e.getClass().getSimpleName());
            throw e;
        }
    }

    /**
     * Headers and settled facts for the answer: who served it, at which price, after how many attempts, and
     * whether a fallback alias did (then the answer must not be cached under the routed alias).
     */
    private static void markServed(RequestContext ctx, FallbackChain.Served<?> served) {
        Deployment d = served.lease().deployment();
        ctx.responseHeader(RouteAttributes.ATTEMPTS_HEADER, Integer.toString(served.attempts()));
        SettledRequest.Fallback fallback = null;
        if (served.byFallback()) {
            fallback = new SettledRequest.Fallback(served.fallbackFrom(), served.alias(), served.fallbackReason());
            ctx.responseHeader(RouteAttributes.FALLBACK_HEADER, served.fallbackFrom() + " -> " + served.alias());
        }
        ctx.settling().served(served.lease().state().id(), d.price(), served.attempts(), fallback);
        // The stall timeout and the cache's price read the context's deployment: make it the one that
        // answered, still under the routed alias, and without its key.
        ctx.deployment(new Deployment(ctx.deployment().alias(), d.provider(), d.upstreamModel(), d.baseUrl(),
                Secret.none(), d.timeout(), d.price(), d.latency(), d.connectTimeout()));
        ctx.servedBy(new ServedBy(d.provider().configName(), d.upstreamModel()));
    }

    private Duration since(long start) {
        return Duration.ofNanos(ticker.getAsLong() - start);
    }
}
