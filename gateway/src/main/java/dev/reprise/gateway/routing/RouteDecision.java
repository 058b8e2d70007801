package dev.reprise.gateway.routing;

import dev.reprise.models.wire.ChatCompletionRequest;

import java.util.Optional;
import java.util.function.Function;

/**
 * Which alias serves a request and with which messages: the first matching route rule, then the alias's
 * A/B variant (sticky per A/B key), which may swap the alias and/or the system prompt. The request path
 * and the admin dry-run lookup both decide here, so a dry run keys the cache exactly as traffic does.
 *
 * @param alias   the alias that serves the request
 * @param request the request as it goes on: the variant's messages, {@code model} set to {@code alias}
 * @param rule    the route rule that matched, if any
 * @param variant the A/B variant chosen, if the alias has any
 */
public record RouteDecision(String alias, ChatCompletionRequest request, Optional<RouteRule> rule,
                            Optional<VariantChoice> variant) {

    public static RouteDecision decide(RoutingTable table, ChatCompletionRequest request, String requestedAlias,
                                       Function<String, Optional<String>> headers, String abKey) {
        String alias = requestedAlias;
        Optional<RouteRule> rule = table.match(new RequestFacts(request, headers));
        if (rule.isPresent()) {
            alias = rule.get().alias();
        }
        Optional<VariantChoice> choice = Optional.empty();
        AliasRoute route = table.alias(alias).orElse(null);
        if (route != null && !route.variants().isEmpty()) {
            Variant variant = VariantPicker.pick(route.variants(), alias, abKey);
            choice = Optional.of(new VariantChoice(alias, variant));
            if (variant.alias() != null) {
                alias = variant.alias();
            }
            request = variant.apply(request);
        }
        return new RouteDecision(alias, request.withModel(alias), rule, choice);
    }
}
