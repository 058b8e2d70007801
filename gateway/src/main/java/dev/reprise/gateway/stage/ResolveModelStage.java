package dev.reprise.gateway.stage;

import dev.reprise.gateway.error.GatewayError;
import dev.reprise.gateway.pipeline.Outcome;
import dev.reprise.gateway.pipeline.RequestContext;
import dev.reprise.gateway.pipeline.Stage;
import dev.reprise.models.catalogue.ModelCatalogue;

import java.util.Optional;

/**
 * Maps the requested alias to its deployment (404 {@code model_not_found} for an unknown one). Route
 * rules and variants may then pick another alias ({@link RouteStage}); the deployment plan is made when
 * the provider is called ({@link InvokeStage}).
 */
public final class ResolveModelStage implements Stage {

    private final ModelCatalogue catalogue;

    public ResolveModelStage(ModelCatalogue catalogue) {
        this.catalogue = catalogue;
    }

    @Override
    public String name() {
        return "resolve-model";
    }

    @Override
    public Optional<Outcome> before(RequestContext ctx) {
        String alias = ctx.request().model();
        ctx.settling().requestedAlias(alias);
        ctx.deployment(catalogue.find(alias)
                .orElseThrow(() -> GatewayError.modelNotFound(alias).toException()));
        return Optional.empty();
    }
}
