package dev.reprise.gateway.admin;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.reprise.cache.CacheEntry;
import dev.reprise.cache.SemanticLookup;
import dev.reprise.gateway.auth.Caller;
import dev.reprise.gateway.cache.CacheRequest;
import dev.reprise.gateway.cache.VerifierSettings;
import dev.reprise.gateway.cache.ResponseCache;
import dev.reprise.gateway.error.ClientValue;
import dev.reprise.gateway.error.GatewayError;
import dev.reprise.gateway.http.BodyReader;
import dev.reprise.gateway.judge.LabelStore;
import dev.reprise.gateway.querylog.QueryLog;
import dev.reprise.gateway.routing.RouteDecision;
import dev.reprise.gateway.routing.RoutingTable;
import dev.reprise.gateway.stage.ClientJson;
import dev.reprise.gateway.stage.RequestParser;
import dev.reprise.models.catalogue.ModelCatalogue;
import dev.reprise.models.catalogue.Secret;
import dev.reprise.models.wire.ChatCompletionRequest;
import dev.reprise.models.wire.Role;
import dev.reprise.models.wire.WireJson;
import io.helidon.http.HeaderNames;
import io.helidon.http.HeaderValues;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

import java.io.IOException;
import java.util.Optional;

/**
 * The cache's admin API under {@code /admin/cache}: stats, a dry-run lookup for tuning the threshold,
 * deletes, feedback that evicts a wrong entry, and the query log's export. Every call needs the admin key.
 */
public final class AdminCacheService implements HttpService {

    /** The largest admin request body we read; lookups carry one conversation. */
    private static final long MAX_BODY = 1 << 20;
    private static final RequestParser PARSER = new RequestParser();

    private final ResponseCache cache;
    private final QueryLog queryLog;
    private final QueryExport export;
    private final ModelCatalogue catalogue;
    private final RoutingTable routing;
    private final AdminAuth auth;
    private final JudgePairsExport judgePairs;

    /** @param queryLog the query log, or null when {@code cache.query-log} is off */
    public AdminCacheService(ResponseCache cache, QueryLog queryLog, ModelCatalogue catalogue, RoutingTable routing,
                             Secret adminKey) {
        this(cache, queryLog, catalogue, routing, adminKey, null);
    }

    /** @param judgeLabels the cache judge's labels, or null when {@code cache.judge} is off */
    public AdminCacheService(ResponseCache cache, QueryLog queryLog, ModelCatalogue catalogue, RoutingTable routing,
                             Secret adminKey, LabelStore judgeLabels) {
        this.judgePairs = new JudgePairsExport(judgeLabels);
        this.cache = cache;
        this.queryLog = queryLog;
        this.export = new QueryExport(queryLog, catalogue);
        this.catalogue = catalogue;
        this.routing = routing;
        this.auth = new AdminAuth(adminKey);
    }

    @Override
    public void routing(HttpRules rules) {
        rules.any((req, res) -> {
            auth.check(req.headers().first(HeaderNames.AUTHORIZATION));
            res.next();
        });
        rules.get("/cache/stats", this::stats);
        rules.post("/cache/lookup", this::lookup);
        rules.delete("/cache", this::deleteAll);
        rules.get("/cache/entries/{id}", this::entry);
        rules.delete("/cache/entries/{id}", this::deleteEntry);
        rules.post("/cache/entries/{id}/feedback", this::feedback);
        rules.get("/cache/export", export::handle);
        rules.get("/cache/judge/pairs", judgePairs::handle);
    }

    private void stats(ServerRequest req, ServerResponse res) {
        ObjectNode body = WireJson.mapper().valueToTree(cache.stats());
        body.put("similarity_threshold", cache.settings().similarityThreshold());
        body.put("embedding_model", cache.settings().embeddingModel().id());
        send(res, 200, body);
    }

    private void lookup(ServerRequest req, ServerResponse res) {
        JsonNode body = readJson(req);
        ChatCompletionRequest request = PARSER.bind(body);
        if (request.model() == null) {
            throw GatewayError.invalidRequest("'model' is required.", "model").toException();
        }
        catalogue.find(request.model()).orElseThrow(() -> GatewayError.modelNotFound(request.model()).toException());
        if (request.messages() == null || request.messages().isEmpty()
                || request.messages().getLast() == null || request.messages().getLast().role() != Role.USER) {
            throw GatewayError.invalidRequest("'messages' must end with a user message.", "messages").toException();
        }
        String tenant = body.path("tenant").asText(Caller.ANONYMOUS.tenant());
        // Route and pick the variant as the request path would, so the dry run keys the cache like traffic.
        String abKey = body.path("ab_key").asText(request.user() != null && !request.user().isBlank()
                ? request.user() : tenant);
        JsonNode headers = body.path("headers");
        RouteDecision route = RouteDecision.decide(routing, request, request.model(),
                name -> headerOf(headers, name), abKey);
        double threshold = cache.settings().thresholdFor(route.alias());
        CacheRequest key = cache.key(tenant, route.alias(), route.request(), true, threshold, null);
        boolean tooLong = cache.tooLongToMatchByMeaning(key.normalisedText());
        SemanticLookup lookup = tooLong ? null : cache.explain(key.namespace(), key.normalisedText(), threshold);

        ObjectNode out = WireJson.mapper().createObjectNode();
        out.put("tenant", tenant);
        out.put("model", request.model());
        out.put("routed_model", route.alias());
        route.rule().ifPresent(rule -> out.put("route", rule.name()));
        route.variant().ifPresent(choice -> out.put("variant", choice.variant().name()));
        out.put("namespace", key.namespace().id());
        out.put("normalized_text", key.normalisedText());
        out.put("threshold", threshold);
        VerifierSettings verifier = cache.settings().verifier();
        if (verifier.enabled()) {
            // The cosine threshold does not decide then: the recall floor finds candidates, the verifier serves.
            ObjectNode rule = out.putObject("verifier");
            rule.put("min_probability", verifier.minProbability());
            rule.put("candidates", verifier.candidates());
            rule.put("recall_floor", verifier.recallFloor());
        }
        if (lookup == null) {
            out.put("decision", "miss");
            out.put("miss_reason", "too_long_for_semantic");
            out.putArray("candidates");
            send(res, 200, out);
            return;
        }
        out.put("decision", lookup.isHit() ? "hit" : "miss");
        if (lookup.isHit()) {
            out.put("served", lookup.best().entry().id());
        }
        if (lookup.missReason() != null) {
            out.put("miss_reason", lookup.missReason().name().toLowerCase(java.util.Locale.ROOT));
        }
        ArrayNode candidates = out.putArray("candidates");
        for (SemanticLookup.Candidate c : lookup.candidates()) {
            ObjectNode node = entryJson(c.entry());
            node.put("similarity", c.similarity());
            node.put("would_hit", c.wouldHit());
            if (c.probability() != null) {
                node.put("verifier_probability", c.probability());
            }
            candidates.add(node);
        }
        send(res, 200, out);
    }

    private void deleteAll(ServerRequest req, ServerResponse res) {
        String model = req.query().first("model").orElse(null);
        String tenant = req.query().first("tenant").orElse(null);
        int deleted = cache.deleteWhere(model, tenant);
        ObjectNode out = WireJson.mapper().createObjectNode();
        out.put("deleted", deleted);
        send(res, 200, out);
    }

    private void entry(ServerRequest req, ServerResponse res) {
        String id = req.path().pathParameters().get("id");
        CacheEntry entry = cache.entry(id).orElseThrow(() -> entryNotFound(id));
        send(res, 200, entryJson(entry));
    }

    private void deleteEntry(ServerRequest req, ServerResponse res) {
        String id = req.path().pathParameters().get("id");
        if (!cache.delete(id)) {
            throw entryNotFound(id);
        }
        ObjectNode out = WireJson.mapper().createObjectNode();
        out.put("id", id);
        out.put("deleted", true);
        send(res, 200, out);
    }

    private void feedback(ServerRequest req, ServerResponse res) {
        String id = req.path().pathParameters().get("id");
        JsonNode body = readJson(req);
        JsonNode correct = body.get("correct");
        if (correct == null || !correct.isBoolean()) {
            throw GatewayError.invalidRequest("'correct' must be true or false.", "correct").toException();
        }
        ObjectNode out = WireJson.mapper().createObjectNode();
        out.put("id", id);
        if (correct.asBoolean()) {
            cache.entry(id).orElseThrow(() -> entryNotFound(id));
            out.put("evicted", false);
        } else {
            if (!cache.reportWrong(id)) {
                throw entryNotFound(id);
            }
            out.put("evicted", true);
        }
        if (queryLog != null) {
            // The export marks the hits this entry served with the verdict.
            queryLog.feedback(id, correct.asBoolean());
        }
        send(res, 200, out);
    }

    /** A header of the dry run's {@code "headers": {...}} object, by case-insensitive name. */
    private static Optional<String> headerOf(JsonNode headers, String name) {
        if (headers == null || !headers.isObject()) {
            return Optional.empty();
        }
        for (var it = headers.fields(); it.hasNext(); ) {
            var field = it.next();
            if (field.getKey().equalsIgnoreCase(name) && field.getValue().isTextual()) {
                return Optional.of(field.getValue().asText());
            }
        }
        return Optional.empty();
    }

    private static ObjectNode entryJson(CacheEntry e) {
        ObjectNode node = WireJson.mapper().createObjectNode();
        node.put("id", e.id());
        node.put("model", e.modelAlias());
        node.put("tenant", e.tenant());
        node.put("namespace", e.namespace());
        node.put("matched_text", e.matchedText());
        node.put("created_at", e.createdAt().toString());
        if (e.expiresAt() != null) {
            node.put("expires_at", e.expiresAt().toString());
        }
        node.put("hit_count", e.hitCount());
        if (e.lastHitAt() != null) {
            node.put("last_hit_at", e.lastHitAt().toString());
        }
        node.put("prompt_tokens", e.promptTokens());
        node.put("completion_tokens", e.completionTokens());
        node.put("cost_usd", e.costUsd());
        return node;
    }

    private static RuntimeException entryNotFound(String id) {
        return new GatewayError(404, GatewayError.INVALID_REQUEST, "entry_not_found", "id",
                "No cache entry with id " + ClientValue.quote(id) + ".", null).toException();
    }

    private static JsonNode readJson(ServerRequest req) {
        byte[] bytes = BodyReader.read(req, MAX_BODY);
        try {
            JsonNode node = ClientJson.mapper().readTree(bytes);
            if (node == null || !node.isObject()) {
                throw GatewayError.invalidRequest("The body must be a JSON object.", null).toException();
            }
            return node;
        } catch (IOException e) {
            throw GatewayError.invalidRequest("The body is not valid JSON.", null).toException();
        }
    }

    private static void send(ServerResponse res, int status, JsonNode body) {
        try {
            res.status(status);
            res.header(HeaderValues.CONTENT_TYPE_JSON);
            res.send(WireJson.mapper().writeValueAsBytes(body));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("admin answers are always serialisable", e);
        }
    }

}
