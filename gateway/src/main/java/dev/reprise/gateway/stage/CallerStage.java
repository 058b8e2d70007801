package dev.reprise.gateway.stage;

import dev.reprise.gateway.auth.Authenticator;
import dev.reprise.gateway.pipeline.Outcome;
import dev.reprise.gateway.pipeline.RequestContext;
import dev.reprise.gateway.pipeline.Stage;

import java.util.Optional;

/** Works out who is calling from the bearer token, before the body is read; refuses a bad key with 401. */
public final class CallerStage implements Stage {

    private final Authenticator authenticator;

    public CallerStage(Authenticator authenticator) {
        this.authenticator = authenticator;
    }

    @Override
    public String name() {
        return "caller";
    }

    @Override
    public Optional<Outcome> before(RequestContext ctx) {
        ctx.caller(authenticator.authenticate(ctx.header("authorization")));
        return Optional.empty();
    }
}
