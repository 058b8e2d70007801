package dev.reprise.gateway.stage;

import dev.reprise.gateway.pipeline.Outcome;
import dev.reprise.gateway.pipeline.RequestContext;
import dev.reprise.gateway.pipeline.SettledRequest;
import dev.reprise.gateway.pipeline.Stage;
import dev.reprise.gateway.routing.RouteDecision;
import dev.reprise.gateway.routing.RouteAttributes;
import dev.reprise.gateway.routing.RouteRule;
import dev.reprise.gateway.routing.RoutingTable;
import dev.reprise.models.catalogue.Deployment;
import dev.reprise.models.catalogue.ModelCatalogue;

import java.util.Optional;

/**
 * Decides which alias serves the request, before the cache: the first matching route rule, then the
 * alias's A/B variant (sticky per caller), which may swap the alias and/or the system prompt. The cache
 * stages then key on the routed alias and the variant's messages, so two routes or variants never share
 * entries. The rule and variant go into the request's settled record, which the variant metrics read.
 */
public final class RouteStage implements Stage {

    private final RoutingTable table;
    private final ModelCatalogue catalogue;

    public RouteStage(RoutingTable table, ModelCatalogue catalogue) {
        this.table = table;
        this.catalogue = catalogue;
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
        decision.variant().ifPresent(choice -> ctx.responseHeader(RouteAttributes.VARIANT_HEADER, choice.variant().name()));
        ctx.settling().route(decision.rule().map(RouteRule::name).orElse(null),
                decision.variant().map(c -> new SettledRequest.AbVariant(c.alias(), c.variant().name())).orElse(null));
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
}
