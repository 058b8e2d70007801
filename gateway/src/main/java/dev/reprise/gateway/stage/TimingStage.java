package dev.reprise.gateway.stage;

import dev.reprise.gateway.error.GatewayError;
import dev.reprise.gateway.metrics.GatewayMetrics;
import dev.reprise.gateway.pipeline.Outcome;
import dev.reprise.gateway.pipeline.RequestContext;
import dev.reprise.gateway.pipeline.ServedBy;
import dev.reprise.gateway.pipeline.Stage;
import dev.reprise.models.catalogue.Deployment;
import dev.reprise.models.provider.ProviderException;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletionException;
import java.util.function.LongSupplier;

/**
 * First in, last out: starts the request's clock and, once the outcome is known, counts the request by
 * model alias, what served it (a provider, or the cache) and status. A stream is counted when it ends,
 * with the status its end maps to (200, or e.g. 502 / 499 when it failed or the client left after the
 * headers were sent).
 */
public final class TimingStage implements Stage {

    private final GatewayMetrics metrics;
    private final LongSupplier ticker;

    /** @param ticker nanoseconds, as {@link System#nanoTime()}; injected so tests control time */
    public TimingStage(GatewayMetrics metrics, LongSupplier ticker) {
        this.metrics = metrics;
        this.ticker = ticker;
    }

    @Override
    public String name() {
        return "timing";
    }

    @Override
    public Optional<Outcome> before(RequestContext ctx) {
        ctx.startNanos(ticker.getAsLong());
        return Optional.empty();
    }

    @Override
    public void after(RequestContext ctx, Outcome outcome) {
        switch (outcome) {
            case Outcome.Answered a -> record(ctx, 200);
            case Outcome.Refused r -> record(ctx, r.error().status());
            case Outcome.Streaming s -> s.stream().completion().whenComplete((response, error) ->
                    record(ctx, error == null ? 200 : statusOf(error)));
        }
    }

    /** By what served the answer: the cache on a hit, the fallback's provider after a fallback. */
    private void record(RequestContext ctx, int status) {
        Deployment d = ctx.deployment();
        String provider = ctx.servedBy().map(ServedBy::provider)
                .orElse(d == null ? null : d.provider().configName());
        metrics.request(d == null ? null : d.alias(), provider, status,
                Duration.ofNanos(ticker.getAsLong() - ctx.startNanos()));
    }

    private static int statusOf(Throwable error) {
        Throwable e = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
        return e instanceof ProviderException p ? GatewayError.upstream(p).status() : 500;
    }
}
