package dev.reprise.gateway.http;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.reprise.models.wire.WireJson;
import io.helidon.http.HeaderValues;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

import java.util.List;
import java.util.function.BooleanSupplier;

/**
 * {@code GET /health} (both checks), {@code /health/live} and {@code /health/ready}. Live means the
 * process answers; ready means it should get traffic (false while shutting down). 503 when not ready. {@code /health}
 * also lists its components and their state ({@code redis} UP or DOWN and {@code cache-replication} in a cluster);
 * they never make it 503.
 */
public final class HealthService implements HttpService {

    private final BooleanSupplier ready;
    private final List<String> models;
    private final List<HealthComponent> components;

    HealthService(BooleanSupplier ready, List<String> models, List<HealthComponent> components) {
        this.ready = ready;
        this.models = List.copyOf(models);
        this.components = List.copyOf(components);
    }

    @Override
    public void routing(HttpRules rules) {
        rules.get("/health", (req, res) -> send(res, true, ready.getAsBoolean()));
        rules.get("/health/live", (req, res) -> send(res, true, null));
        rules.get("/health/ready", (req, res) -> send(res, null, ready.getAsBoolean()));
        rules.any("/health", Fallbacks.methodNotAllowed("GET"));
        rules.any("/health/live", Fallbacks.methodNotAllowed("GET"));
        rules.any("/health/ready", Fallbacks.methodNotAllowed("GET"));
    }

    private void send(ServerResponse res, Boolean live, Boolean isReady) {
        boolean up = (live == null || live) && (isReady == null || isReady);
        ObjectNode body = WireJson.mapper().createObjectNode();
        body.put("status", up ? "UP" : "DOWN");
        if (live != null) {
            body.put("live", live);
        }
        if (isReady != null) {
            body.put("ready", isReady);
            models.forEach(body.putArray("models")::add);
        }
        if (live != null && isReady != null && !components.isEmpty()) {
            ObjectNode parts = body.putObject("components");
            components.forEach(c -> parts.put(c.name(), c.status().get()));
        }
        res.status(up ? 200 : 503);
        res.header(HeaderValues.CONTENT_TYPE_JSON);
        res.send(body.toString());
    }
}
