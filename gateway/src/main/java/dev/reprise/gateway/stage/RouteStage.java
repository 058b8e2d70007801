package dev.reprise.gateway.stage;

import dev.reprise.gateway.cache.CacheKeyStage;
import dev.reprise.gateway.metrics.GatewayMetrics;
import dev.reprise.gateway.pipeline.Outcome;
import dev.reprise.gateway.pipeline.RequestContext;
import dev.reprise.gateway.pipeline.Stage;
import dev.reprise.gateway.routing.RouteDecision;
import dev.reprise.gateway.routing.RouteAttributes;
import dev.reprise.gateway.routing.RoutingTable;
import dev.reprise.gateway.routing.Variant;
import dev.reprise.gateway.routing.VariantChoice;
import dev.reprise.models.catalogue.Deployment;
import dev.reprise.models.catalogue.ModelCatalogue;
import dev.reprise.models.wire.ChatCompletionResponse;
import dev.reprise.models.wire.Usage;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletionException;
import java.util.function.LongSupplier;

/**
 * Decides which alias serves the request, before the cache: the first matching route rule, then the
 * alias's A/B variant (sticky per caller), which may swap the alias and/or the system prompt. The cache
 * stages then key on the routed alias and the variant's messages, so two routes or variants never share
 * entries. After the answer it records the variant's metrics.
 */
public final class RouteStage implements Stage {

    private final RoutingTable table;
    private final ModelCatalogue catalogue;
    private final GatewayMetrics metrics;
    private final LongSupplier ticker;

    public RouteStage(RoutingTable table, ModelCatalogue catalogue, GatewayMetrics metrics, LongSupplier ticker) {
        this.table = table;
        this.catalogue = catalogue;
        this.metrics = metrics;
        this.ticker = ticker;
    }

    @Override
    public String name() {
        return "route";
    }

    @Override
    public Optional<Outcome> before(RequestContext ctx) {
        RouteDecision decision = RouteDecision.decide(table, ctx.request(), ctx.deployment().alias(), ctx::header,
                abKey(ctx));
        decision.rule().ifPresent(rule -> ctx.responseHeader(RouteAttributes.ROUTE_HEADER, rule.name()));
        decision.variant().ifPresent(choice -> {
            ctx.attribute(RouteAttributes.VARIANT, choice);
            ctx.responseHeader(RouteAttributes.VARIANT_HEADER, choice.variant().name());
        });
        if (!decision.alias().equals(ctx.deployment().alias())) {
            String target = decision.alias();
            Deployment routed = catalogue.find(target)
                    .orElseThrow(() -> new IllegalStateException("route to unknown alias " + target));
            ctx.deployment(routed);
        }
        ctx.request(decision.request());
        return Optional.empty();
    }

    /** The caller's A/B key: the header, else the request's {@code user}, else the caller's tenant. */
    private static String abKey(RequestContext ctx) {
        return ctx.header(RouteAttributes.AB_KEY_HEADER).map(String::strip).filter(s -> !s.isEmpty())
                .or(() -> Optional.ofNullable(ctx.request().user()).filter(s -> !s.isBlank()))
                .orElseGet(() -> ctx.caller() == null ? "anonymous" : ctx.caller().tenant());
    }

    @Override
    public void after(RequestContext ctx, Outcome outcome) {
        Optional<VariantChoice> choice = ctx.attribute(RouteAttributes.VARIANT);
        if (choice.isEmpty()) {
            return;
        }
        String alias = choice.get().alias();
        Optional<Variant> variant = Optional.of(choice.get().variant());
        boolean hit = ctx.attribute(CacheKeyStage.SERVED_HIT).isPresent();
        switch (outcome) {
            case Outcome.Answered a -> record(ctx, alias, variant.get(), false, hit, a.response());
            case Outcome.Refused r -> record(ctx, alias, variant.get(), true, false, null);
            case Outcome.Streaming s -> s.stream().completion().whenComplete((response, error) ->
                    record(ctx, alias, variant.get(), error != null && !cancelled(error), hit, response));
        }
    }

    private void record(RequestContext ctx, String alias, Variant variant, boolean error, boolean hit,
                        ChatCompletionResponse response) {
        Usage usage = response == null ? null : response.usage();
        double cost = usage == null ? 0 : ctx.deployment().price().cost(usage.promptTokens(), usage.completionTokens());
        metrics.variant(new GatewayMetrics.VariantResult(alias, variant.name(), error, hit,
                Duration.ofNanos(ticker.getAsLong() - ctx.startNanos()), usage, cost));
    }

    private static boolean cancelled(Throwable error) {
        Throwable e = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
        return e instanceof dev.reprise.models.provider.ProviderException.Cancelled;
    }
}
