package dev.reprise.gateway.stage;

import dev.reprise.gateway.auth.Caller;
import dev.reprise.gateway.error.GatewayError;
import dev.reprise.gateway.pipeline.Outcome;
import dev.reprise.gateway.pipeline.RequestContext;
import dev.reprise.gateway.pipeline.Stage;

import java.util.Optional;

/**
 * Refuses with 403 {@code model_not_allowed} a key that names an alias outside its {@code models}. The alias the
 * client asked for is checked, not the one a route rule or A/B variant picked: the list bounds what a client may
 * ask for, and where the operator's routing then sends the request is the operator's decision.
 */
public final class KeyScopeStage implements Stage {

    @Override
    public String name() {
        return "key-scope";
    }

    @Override
    public Optional<Outcome> before(RequestContext ctx) {
        Caller caller = ctx.caller();
        String asked = ctx.settling().requestedAlias();
        if (caller != null && asked != null && !caller.grant().allows(asked)) {
            throw GatewayError.modelNotAllowed(asked).toException();
        }
        return Optional.empty();
    }
}
