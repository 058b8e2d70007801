package dev.reprise.gateway.admin;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.StreamReadException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.reprise.gateway.budget.Budget;
import dev.reprise.gateway.budget.BudgetPeriod;
import dev.reprise.gateway.budget.BudgetScope;
import dev.reprise.gateway.budget.SpendView;
import dev.reprise.gateway.config.ConfigException;
import dev.reprise.gateway.config.ConfigValues;
import dev.reprise.gateway.error.ClientValue;
import dev.reprise.gateway.error.GatewayError;
import dev.reprise.gateway.error.JsonErrorPath;
import dev.reprise.gateway.http.BodyReader;
import dev.reprise.gateway.keys.KeyRefused;
import dev.reprise.gateway.keys.KeyStoreSettings;
import dev.reprise.gateway.keys.KeyStoreUnavailable;
import dev.reprise.gateway.keys.VirtualKey;
import dev.reprise.gateway.keys.VirtualKeys;
import dev.reprise.gateway.stage.ClientJson;
import dev.reprise.models.catalogue.ModelCatalogue;
import dev.reprise.models.catalogue.Secret;
import dev.reprise.models.wire.WireJson;
import io.helidon.http.HeaderNames;
import io.helidon.http.HeaderValues;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Supplier;
import java.util.logging.Logger;

/**
 * Virtual keys: {@code POST /admin/keys} (201, the only answer that shows the secret), {@code GET /admin/keys},
 * {@code GET /admin/keys/{id}} (with the spend of the current budget period when a {@link SpendView} is given),
 * {@code PATCH /admin/keys/{id}}, {@code POST /admin/keys/{id}/rotate} (the secret again, once) and
 * {@code DELETE /admin/keys/{id}} (revoke). Every call needs the admin key.
 */
public final class AdminKeysService implements HttpService {

    private static final Logger LOG = Logger.getLogger(AdminKeysService.class.getName());
    private static final long MAX_BODY = 64 * 1024;

    private final VirtualKeys keys;
    private final ModelCatalogue catalogue;
    private final SpendView spend;
    private final AdminAuth auth;

    /** @param spend what keys spent, or null while budgets are not tracked (then no {@code spend} is shown) */
    public AdminKeysService(VirtualKeys keys, ModelCatalogue catalogue, SpendView spend, Secret adminKey) {
        this.keys = keys;
        this.catalogue = catalogue;
        this.spend = spend;
        this.auth = new AdminAuth(adminKey);
    }

    @Override
    public void routing(HttpRules rules) {
        rules.post("/keys", auth.guarded(this::create));
        rules.get("/keys", auth.guarded(this::list));
        rules.get("/keys/{id}", auth.guarded(this::one));
        rules.patch("/keys/{id}", auth.guarded(this::update));
        rules.post("/keys/{id}/rotate", auth.guarded(this::rotate));
        rules.delete("/keys/{id}", auth.guarded(this::revoke));
    }

    private void create(ServerRequest req, ServerResponse res) {
        JsonNode body = readJson(req, false);
        VirtualKeys.Issued issued = refusals(() -> keys.create(new KeyBody(catalogue, keys.now()).create(body)));
        send(res, 201, KeyJson.of(issued.key(), issued.secret(), keys.now()));
    }

    private void list(ServerRequest req, ServerResponse res) {
        Instant now = keys.now();
        ObjectNode out = WireJson.mapper().createObjectNode();
        out.put("object", "list");
        var data = out.putArray("data");
        refusals(keys::all).forEach(k -> data.add(KeyJson.of(k, null, now)));
        send(res, 200, out);
    }

    private void one(ServerRequest req, ServerResponse res) {
        String id = req.path().pathParameters().get("id");
        VirtualKey key = refusals(() -> keys.find(id).orElseThrow(
                () -> new KeyRefused(KeyRefused.Reason.UNKNOWN_ID, "No key with id " + ClientValue.quote(id) + ".")));
        Instant now = keys.now();
        ObjectNode out = KeyJson.of(key, null, now);
        if (spend != null) {
            // Without a budget, the spend of the default budget period still says what the key costs.
            Budget budget = key.spec().grant().budget();
            BudgetPeriod period = budget == null ? Budget.DEFAULT_PERIOD : budget.period();
            ObjectNode s = out.putObject("spend");
            s.put("usd", spend.spentUsd(BudgetScope.KEY, key.id(), period, now));
            s.put("period", period.label());
            s.put("from", period.start(now).toString());
            s.put("to", period.end(now).toString());
        }
        send(res, 200, out);
    }

    private void update(ServerRequest req, ServerResponse res) {
        String id = req.path().pathParameters().get("id");
        JsonNode body = readJson(req, false);
        VirtualKey key = refusals(() -> keys.update(id, new KeyBody(catalogue, keys.now()).patch(body)));
        send(res, 200, KeyJson.of(key, null, keys.now()));
    }

    private void rotate(ServerRequest req, ServerResponse res) {
        String id = req.path().pathParameters().get("id");
        Duration grace = grace(readJson(req, true));
        VirtualKeys.Issued issued = refusals(() -> keys.rotate(id, grace));
        send(res, 200, KeyJson.of(issued.key(), issued.secret(), keys.now()));
    }

    private void revoke(ServerRequest req, ServerResponse res) {
        String id = req.path().pathParameters().get("id");
        VirtualKey key = refusals(() -> keys.revoke(id));
        send(res, 200, KeyJson.of(key, null, keys.now()));
    }

    /** {@code {"grace_period": "1h"}}, or the configured default when the body or the field is absent. */
    private Duration grace(JsonNode body) {
        body.fieldNames().forEachRemaining(f -> {
            if (!f.equals("grace_period")) {
                throw KeyBody.bad("Unknown field " + ClientValue.quote(f) + "; expected grace_period.", f);
            }
        });
        JsonNode g = body.get("grace_period");
        if (g == null || g.isNull()) {
            return keys.defaultGrace();
        }
        String message = "'grace_period' must be a duration from 0 to 30d, such as 0, 90s, 15m or 1h; got "
                + ClientValue.truncate(g.toString()) + ".";
        if (!g.isTextual()) {
            throw KeyBody.bad(message, "grace_period");
        }
        Duration d;
        try {
            d = ConfigValues.duration("grace_period", g.asText(), null);
        } catch (ConfigException e) {
            throw KeyBody.bad(message, "grace_period");
        }
        if (d.compareTo(KeyStoreSettings.MAX_ROTATION_GRACE) > 0) {
            throw KeyBody.bad(message, "grace_period");
        }
        return d;
    }

    /** The one place a refused change becomes an answer. */
    private static <T> T refusals(Supplier<T> change) {
        try {
            return change.get();
        } catch (KeyRefused e) {
            GatewayError error = switch (e.reason()) {
                case UNKNOWN_ID -> new GatewayError(404, GatewayError.INVALID_REQUEST, "key_not_found", "id",
                        e.getMessage(), null);
                case REVOKED -> new GatewayError(409, GatewayError.INVALID_REQUEST, "key_revoked", "id",
                        e.getMessage(), null);
                case NAME_TAKEN -> new GatewayError(409, GatewayError.INVALID_REQUEST, "key_name_taken", "name",
                        e.getMessage(), null);
                case CHANGED_ELSEWHERE -> new GatewayError(409, GatewayError.INVALID_REQUEST, "key_changed", "id",
                        e.getMessage(), null);
            };
            throw error.toException();
        } catch (KeyStoreUnavailable e) {
            LOG.warning("a key change was refused: " + e.getMessage());
            throw GatewayError.keyStoreUnavailable().toException();
        }
    }

    /** The body as a JSON object; an empty one reads as {@code {}} where {@code emptyIsObject}. */
    private static JsonNode readJson(ServerRequest req, boolean emptyIsObject) {
        byte[] bytes = BodyReader.read(req, MAX_BODY);
        if (bytes.length == 0 && emptyIsObject) {
            return WireJson.mapper().createObjectNode();
        }
        try {
            JsonNode node = ClientJson.mapper().readTree(bytes);
            if (node == null || !node.isObject()) {
                throw GatewayError.invalidRequest("The body must be a JSON object.", null).toException();
            }
            return node;
        } catch (StreamReadException e) {
            String at = e.getProcessor() instanceof JsonParser p ? JsonErrorPath.of(p.getParsingContext()) : null;
            String original = e.getOriginalMessage() == null ? "" : e.getOriginalMessage();
            if (at != null && original.startsWith("Duplicate field ")) {
                throw GatewayError.invalidRequest("Duplicate key " + ClientValue.quote(at)
                        + " in the JSON body: each key may appear only once in an object.", at).toException();
            }
            throw GatewayError.invalidRequest("The body is not valid JSON.", null).toException();
        } catch (IOException e) {
            throw GatewayError.invalidRequest("The body is not valid JSON.", null).toException();
        }
    }

    private static void send(ServerResponse res, int status, JsonNode body) {
        try {
            res.status(status);
            res.header(HeaderValues.CONTENT_TYPE_JSON);
            // Answers may carry a new secret: no proxy or browser may keep a copy.
            res.header(HeaderNames.CACHE_CONTROL, "no-store");
            res.send(WireJson.mapper().writeValueAsBytes(body));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("admin answers are always serialisable", e);
        }
    }
}
