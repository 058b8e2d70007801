package dev.reprise.gateway.admin;

import com.fasterxml.jackson.databind.JsonNode;
import dev.reprise.gateway.auth.KeyGrant;
import dev.reprise.gateway.budget.Budget;
import dev.reprise.gateway.budget.BudgetPeriod;
import dev.reprise.gateway.config.ApiKey;
import dev.reprise.gateway.error.ClientValue;
import dev.reprise.gateway.error.GatewayError;
import dev.reprise.gateway.keys.KeySpec;
import dev.reprise.gateway.limits.RateLimits;
import dev.reprise.models.catalogue.ModelCatalogue;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * Reads the body of {@code POST /admin/keys} and {@code PATCH /admin/keys/{id}} into a {@link KeySpec}, strictly:
 * an unknown field, a wrong type, an alias that is not configured or an expiry in the past is a 400 naming the field.
 * In a PATCH an absent field stays as it was and {@code null} clears it (all models, no expiry, no limits, no budget,
 * no metadata).
 */
final class KeyBody {

    static final int MAX_NAME = 128;
    static final int MAX_METADATA_ENTRIES = 32;
    static final int MAX_METADATA_KEY = 64;
    static final int MAX_METADATA_VALUE = 512;
    private static final List<String> FIELDS = List.of("name", "tenant", "models", "expires_at", "metadata", "limits",
            "budget");

    private final ModelCatalogue catalogue;
    private final Instant now;

    KeyBody(ModelCatalogue catalogue, Instant now) {
        this.catalogue = catalogue;
        this.now = now;
    }

    /** A new key's spec; {@code name} is required, the tenant is null (the key's id) unless given. */
    KeySpec create(JsonNode body) {
        checkFields(body, FIELDS, "");
        if (!body.has("name")) {
            throw bad("'name' is required.", "name");
        }
        String tenant = body.hasNonNull("tenant") ? tenant(body.get("tenant")) : null;
        return new KeySpec(name(body.get("name")), tenant, grant(body, KeyGrant.UNRESTRICTED),
                expiresAt(body.get("expires_at")), metadata(body.get("metadata")));
    }

    /** The change a PATCH body makes; validated here, applied to the key as it is when the change is written. */
    UnaryOperator<KeySpec> patch(JsonNode body) {
        checkFields(body, FIELDS, "");
        if (body.has("tenant")) {
            throw bad("'tenant' cannot be changed: the key's cache namespace, usage and budgets belong to it. "
                    + "Create a key for the other tenant and revoke this one.", "tenant");
        }
        String name = body.has("name") ? name(body.get("name")) : null;
        boolean expiry = body.has("expires_at");
        Instant expiresAt = expiry ? expiresAt(body.get("expires_at")) : null;
        Map<String, String> metadata = body.has("metadata") ? metadata(body.get("metadata")) : null;
        // Validate the grant's parts now, so a bad body fails before anything is written.
        grant(body, KeyGrant.UNRESTRICTED);
        return spec -> {
            KeySpec next = spec.withGrant(grant(body, spec.grant()));
            if (name != null) {
                next = next.withName(name);
            }
            if (expiry) {
                next = next.withExpiresAt(expiresAt);
            }
            if (metadata != null) {
                next = next.withMetadata(metadata);
            }
            return next;
        };
    }

    private KeyGrant grant(JsonNode body, KeyGrant current) {
        Set<String> models = body.has("models") ? models(body.get("models")) : current.models();
        RateLimits limits = body.has("limits") ? limits(body.get("limits")) : current.limits();
        Budget budget = body.has("budget") ? budget(body.get("budget")) : current.budget();
        return new KeyGrant(models, limits, budget);
    }

    private static String name(JsonNode n) {
        if (n == null || !n.isTextual() || n.asText().isBlank()) {
            throw bad("'name' must be a non-empty string.", "name");
        }
        String name = n.asText().strip();
        if (name.length() > MAX_NAME || name.chars().anyMatch(Character::isISOControl)) {
            throw bad("'name' must be at most " + MAX_NAME + " characters, without control characters.", "name");
        }
        return name;
    }

    private static String tenant(JsonNode n) {
        if (!n.isTextual() || !ApiKey.ID.matcher(n.asText()).matches()) {
            throw bad("'tenant' must be 1-64 letters, digits, '.', '_' or '-'; got " + quote(n) + ".", "tenant");
        }
        return n.asText();
    }

    private Set<String> models(JsonNode n) {
        if (n == null || n.isNull()) {
            return Set.of();
        }
        if (!n.isArray()) {
            throw bad("'models' must be an array of model aliases (empty: all).", "models");
        }
        Set<String> aliases = new LinkedHashSet<>();
        for (int i = 0; i < n.size(); i++) {
            JsonNode a = n.get(i);
            String param = "models[" + i + "]";
            if (!a.isTextual() || a.asText().isBlank()) {
                throw bad("'" + param + "' must be a model alias.", param);
            }
            if (catalogue.find(a.asText()).isEmpty()) {
                throw bad("'" + param + "': the model " + ClientValue.quote(a.asText()) + " is not configured.", param);
            }
            aliases.add(a.asText());
        }
        return aliases;
    }

    private Instant expiresAt(JsonNode n) {
        if (n == null || n.isNull()) {
            return null;
        }
        Instant at;
        try {
            at = n.isTextual() ? OffsetDateTime.parse(n.asText()).toInstant() : null;
        } catch (DateTimeParseException e) {
            at = null;
        }
        if (at == null) {
            throw bad("'expires_at' must be an ISO-8601 time with its offset, such as 2027-01-31T00:00:00Z; got "
                    + quote(n) + ".", "expires_at");
        }
        if (!at.isAfter(now)) {
            throw bad("'expires_at' must be in the future; got " + quote(n) + ".", "expires_at");
        }
        return at.truncatedTo(ChronoUnit.MILLIS);
    }

    private static Map<String, String> metadata(JsonNode n) {
        if (n == null || n.isNull()) {
            return Map.of();
        }
        if (!n.isObject()) {
            throw bad("'metadata' must be an object of strings.", "metadata");
        }
        if (n.size() > MAX_METADATA_ENTRIES) {
            throw bad("'metadata' may hold at most " + MAX_METADATA_ENTRIES + " entries.", "metadata");
        }
        Map<String, String> out = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = n.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            String param = "metadata." + e.getKey();
            if (e.getKey().isEmpty() || e.getKey().length() > MAX_METADATA_KEY) {
                throw bad("'metadata' keys must be 1-" + MAX_METADATA_KEY + " characters.", param);
            }
            if (!e.getValue().isTextual() || e.getValue().asText().length() > MAX_METADATA_VALUE) {
                throw bad("'" + param + "' must be a string of at most " + MAX_METADATA_VALUE + " characters.", param);
            }
            out.put(e.getKey(), e.getValue().asText());
        }
        return out;
    }

    private static RateLimits limits(JsonNode n) {
        if (n == null || n.isNull()) {
            return RateLimits.NONE;
        }
        if (!n.isObject()) {
            throw bad("'limits' must be an object {\"rpm\", \"tpm\"}.", "limits");
        }
        checkFields(n, List.of("rpm", "tpm"), "limits.");
        return new RateLimits(count(n.get("rpm"), "limits.rpm"), count(n.get("tpm"), "limits.tpm"));
    }

    private static long count(JsonNode n, String param) {
        if (n == null || n.isNull()) {
            return 0;
        }
        if (!n.canConvertToExactIntegral() || !n.canConvertToLong() || n.asLong() < 0) {
            throw bad("'" + param + "' must be a whole number >= 0 (0: no limit); got " + quote(n) + ".", param);
        }
        return n.asLong();
    }

    private static Budget budget(JsonNode n) {
        if (n == null || n.isNull()) {
            return null;
        }
        if (!n.isObject()) {
            throw bad("'budget' must be an object {\"usd\", \"period\", \"soft_limit\"}.", "budget");
        }
        checkFields(n, List.of("usd", "period", "soft_limit"), "budget.");
        JsonNode usd = n.get("usd");
        if (usd == null || !usd.isNumber() || !(usd.asDouble() > 0) || Double.isInfinite(usd.asDouble())) {
            throw bad("'budget.usd' must be a positive amount of dollars; got " + quote(usd) + ".", "budget.usd");
        }
        BudgetPeriod period = Budget.DEFAULT_PERIOD;
        JsonNode p = n.get("period");
        if (p != null && !p.isNull()) {
            try {
                period = BudgetPeriod.parse("'budget.period'",
                        ClientValue.truncate(p.isTextual() ? p.asText() : p.toString()));
            } catch (IllegalArgumentException e) {
                throw bad(e.getMessage() + ".", "budget.period");
            }
        }
        double soft = Budget.DEFAULT_SOFT_LIMIT;
        JsonNode s = n.get("soft_limit");
        if (s != null && !s.isNull()) {
            if (!s.isNumber() || !(s.asDouble() > 0 && s.asDouble() <= 1)) {
                throw bad("'budget.soft_limit' must be above 0 and at most 1; got " + quote(s) + ".",
                        "budget.soft_limit");
            }
            soft = s.asDouble();
        }
        return new Budget(usd.asDouble(), period, soft);
    }

    /** An unknown field is refused, so a typo ({@code "model"}) is not silently a key that may call everything. */
    private static void checkFields(JsonNode n, List<String> known, String prefix) {
        for (Iterator<String> it = n.fieldNames(); it.hasNext(); ) {
            String field = it.next();
            if (!known.contains(field)) {
                throw bad("Unknown field " + ClientValue.quote(prefix + field) + "; expected one of "
                        + String.join(", ", known) + ".", prefix + field);
            }
        }
    }

    private static String quote(JsonNode n) {
        return n == null ? "nothing" : ClientValue.truncate(n.toString());
    }

    static RuntimeException bad(String message, String param) {
        return GatewayError.invalidRequest(message, param).toException();
    }
}
