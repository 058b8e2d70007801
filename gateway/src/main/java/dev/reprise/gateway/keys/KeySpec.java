package dev.reprise.gateway.keys;

import dev.reprise.gateway.auth.KeyGrant;

import java.time.Instant;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * What an admin says about a virtual key: its name, its tenant, what it may do (aliases, rate limits, budget), when
 * it expires (null: never) and free-form metadata. The lifecycle (secret, creation, rotation, revocation) is
 * {@link VirtualKey}'s.
 *
 * @param tenant null only when a key is being created: the key's id then
 */
public record KeySpec(String name, String tenant, KeyGrant grant, Instant expiresAt, Map<String, String> metadata) {

    public KeySpec {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(grant, "grant");
        // Sorted, so listings and the stored JSON read the same every time.
        metadata = metadata == null ? Map.of() : Collections.unmodifiableMap(new TreeMap<>(metadata));
    }

    public KeySpec withName(String value) {
        return new KeySpec(value, tenant, grant, expiresAt, metadata);
    }

    public KeySpec withTenant(String value) {
        return new KeySpec(name, value, grant, expiresAt, metadata);
    }

    public KeySpec withGrant(KeyGrant value) {
        return new KeySpec(name, tenant, value, expiresAt, metadata);
    }

    public KeySpec withExpiresAt(Instant value) {
        return new KeySpec(name, tenant, grant, value, metadata);
    }

    public KeySpec withMetadata(Map<String, String> value) {
        return new KeySpec(name, tenant, grant, expiresAt, value);
    }
}
