package dev.reprise.gateway.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.reprise.gateway.auth.Authenticator;
import dev.reprise.gateway.auth.KeyGrant;
import dev.reprise.gateway.error.GatewayError;
import dev.reprise.models.catalogue.Deployment;
import dev.reprise.models.catalogue.ModelCatalogue;
import dev.reprise.models.wire.ModelList;
import dev.reprise.models.wire.WireJson;
import io.helidon.http.HeaderNames;
import io.helidon.http.HeaderValues;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

/**
 * {@code GET /v1/models} and {@code GET /v1/models/{model}}: the configured aliases the caller's key may call, as
 * OpenAI lists models (an alias outside the key's {@code models} is absent, and 404 like an unknown one). Needs a
 * valid key when keys are configured, like the chat endpoint.
 */
public final class ModelsService implements HttpService {

    private final ModelCatalogue catalogue;
    private final Authenticator authenticator;
    private final long created;

    /** @param created when the aliases were loaded, in epoch seconds: every alias reports it */
    ModelsService(ModelCatalogue catalogue, Authenticator authenticator, long created) {
        this.catalogue = catalogue;
        this.authenticator = authenticator;
        this.created = created;
    }

    @Override
    public void routing(HttpRules rules) {
        rules.get("/models", this::list);
        rules.any("/models", Fallbacks.methodNotAllowed("GET"));
        rules.get("/models/{model}", this::one);
        rules.any("/models/{model}", Fallbacks.methodNotAllowed("GET"));
    }

    private void list(ServerRequest req, ServerResponse res) {
        KeyGrant grant = authenticator.authenticate(req.headers().first(HeaderNames.AUTHORIZATION)).grant();
        send(res, ModelList.of(catalogue.all().stream().filter(d -> grant.allows(d.alias())).map(this::model)
                .toList()));
    }

    private void one(ServerRequest req, ServerResponse res) {
        KeyGrant grant = authenticator.authenticate(req.headers().first(HeaderNames.AUTHORIZATION)).grant();
        String alias = req.path().pathParameters().get("model");
        Deployment d = catalogue.find(alias).filter(found -> grant.allows(found.alias()))
                .orElseThrow(() -> GatewayError.modelNotFound(alias).toException());
        send(res, model(d));
    }

    private ModelList.Model model(Deployment d) {
        return ModelList.Model.of(d.alias(), created, d.provider().configName());
    }

    private static void send(ServerResponse res, Object body) {
        try {
            res.header(HeaderValues.CONTENT_TYPE_JSON);
            res.send(WireJson.mapper().writeValueAsBytes(body));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a model list is always serialisable", e);
        }
    }
}
