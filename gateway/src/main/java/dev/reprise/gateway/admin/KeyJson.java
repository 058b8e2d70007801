package dev.reprise.gateway.admin;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.reprise.gateway.auth.KeyGrant;
import dev.reprise.gateway.budget.Budget;
import dev.reprise.gateway.keys.VirtualKey;
import dev.reprise.models.catalogue.Secret;
import dev.reprise.models.wire.WireJson;

import java.time.Instant;
import java.util.TreeSet;

/** A virtual key as the admin API shows it: everything but a secret, except right after one was drawn. */
final class KeyJson {

    private KeyJson() {
    }

    /** The key, with {@code key} (the secret) first after the id when one was just issued. */
    static ObjectNode of(VirtualKey k, Secret issued, Instant now) {
        ObjectNode n = WireJson.mapper().createObjectNode();
        n.put("object", "key");
        n.put("id", k.id());
        if (issued != null) {
            n.put("key", issued.reveal());
        }
        n.put("name", k.spec().name());
        n.put("tenant", k.spec().tenant());
        n.put("status", k.status(now).label());
        KeyGrant grant = k.spec().grant();
        new TreeSet<>(grant.models()).forEach(n.putArray("models")::add);
        putTime(n, "expires_at", k.spec().expiresAt());
        ObjectNode metadata = n.putObject("metadata");
        k.spec().metadata().forEach(metadata::put);
        ObjectNode limits = n.putObject("limits");
        limits.put("rpm", grant.limits().rpm());
        limits.put("tpm", grant.limits().tpm());
        Budget budget = grant.budget();
        if (budget == null) {
            n.putNull("budget");
        } else {
            ObjectNode b = n.putObject("budget");
            b.put("usd", budget.usd());
            b.put("period", budget.period().label());
            b.put("soft_limit", budget.softLimit());
        }
        putTime(n, "created_at", k.createdAt());
        putTime(n, "revoked_at", k.revokedAt());
        if (k.inGrace(now)) {
            putTime(n, "previous_key_valid_until", k.previousValidUntil());
        }
        return n;
    }

    private static void putTime(ObjectNode n, String field, Instant at) {
        if (at == null) {
            n.putNull(field);
        } else {
            n.put(field, at.toString());
        }
    }
}
