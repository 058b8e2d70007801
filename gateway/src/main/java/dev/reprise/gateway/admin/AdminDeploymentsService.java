package dev.reprise.gateway.admin;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.reprise.gateway.routing.AliasRoute;
import dev.reprise.gateway.upstream.DeploymentPool;
import dev.reprise.gateway.upstream.DeploymentPools;
import dev.reprise.gateway.upstream.DeploymentState;
import dev.reprise.gateway.upstream.KeyPool;
import dev.reprise.models.catalogue.Deployment;
import dev.reprise.models.catalogue.Secret;
import dev.reprise.models.wire.WireJson;
import io.helidon.http.HeaderValues;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

import java.time.Clock;
import java.time.Instant;
import java.util.Locale;

/**
 * {@code GET /admin/deployments}: each alias's deployments with their breaker state, calls in flight,
 * latency average and key pool (which keys rest after a 429, and until when). Keys themselves never
 * appear; each is shown by its position. Needs the admin key.
 */
public final class AdminDeploymentsService implements HttpService {

    private final DeploymentPools pools;
    private final Clock clock;
    private final AdminAuth auth;

    public AdminDeploymentsService(DeploymentPools pools, Clock clock, Secret adminKey) {
        this.pools = pools;
        this.clock = clock;
        this.auth = new AdminAuth(adminKey);
    }

    @Override
    public void routing(HttpRules rules) {
        rules.get("/deployments", auth.guarded(this::deployments));
    }

    private void deployments(ServerRequest req, ServerResponse res) {
        Instant now = clock.instant();
        ObjectNode out = WireJson.mapper().createObjectNode();
        ArrayNode aliases = out.putArray("aliases");
        for (DeploymentPool pool : pools.all().values()) {
            AliasRoute route = pool.route();
            ObjectNode a = aliases.addObject();
            a.put("alias", route.alias());
            a.put("strategy", route.strategy().configName());
            route.fallbacks().forEach(a.putArray("fallbacks")::add);
            if (route.contextFallback() != null) {
                a.put("context_fallback", route.contextFallback());
            }
            ArrayNode list = a.putArray("deployments");
            for (DeploymentState s : pool.states()) {
                list.add(deployment(s, now));
            }
        }
        res.status(200);
        res.header(HeaderValues.CONTENT_TYPE_JSON);
        try {
            res.send(WireJson.mapper().writeValueAsBytes(out));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("admin answers are always serialisable", e);
        }
    }

    private static ObjectNode deployment(DeploymentState s, Instant now) {
        Deployment d = s.spec().primary();
        ObjectNode n = WireJson.mapper().createObjectNode();
        n.put("id", s.id());
        n.put("provider", d.provider().configName());
        n.put("model", d.upstreamModel());
        if (d.baseUrl() != null) {
            n.put("base_url", d.baseUrl());
        }
        n.put("weight", s.spec().weight());
        n.put("breaker", s.breaker().getState().name().toLowerCase(Locale.ROOT));
        n.put("in_flight", s.inFlight());
        if (s.latency().hasSamples()) {
            n.put("latency_ewma_ms", s.latency().value().toNanos() / 1e6);
        } else {
            n.putNull("latency_ewma_ms");
        }
        ArrayNode keys = n.putArray("keys");
        for (KeyPool.KeyState k : s.keys().snapshot(now)) {
            ObjectNode key = keys.addObject();
            key.put("index", k.index());
            key.put("state", k.resting() ? "resting" : "ready");
            if (k.resting()) {
                key.put("resting_until", k.restingUntil().toString());
            }
        }
        return n;
    }
}
