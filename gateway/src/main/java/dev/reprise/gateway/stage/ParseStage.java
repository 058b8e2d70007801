package dev.reprise.gateway.stage;

import dev.reprise.gateway.pipeline.Outcome;
import dev.reprise.gateway.pipeline.RequestContext;
import dev.reprise.gateway.pipeline.Stage;

import java.util.Optional;

/** Reads the body (413 past the limit), parses it and validates it (400 naming the field). */
public final class ParseStage implements Stage {

    private final RequestParser parser = new RequestParser();
    private final RequestValidator validator = new RequestValidator();

    @Override
    public String name() {
        return "parse";
    }

    @Override
    public Optional<Outcome> before(RequestContext ctx) {
        var request = parser.parse(ctx.body().read());
        validator.validate(request);
        ctx.request(request);
        return Optional.empty();
    }
}
