package dev.reprise.gateway.auth;

import java.util.Objects;

/**
 * Who is calling: the tenant that owns the request's cache namespace, limits and usage; the gateway key's id
 * (null for open-mode callers, whose tenant is a hash of their token); and what that key may do.
 */
public record Caller(String tenant, String keyId, KeyGrant grant) {

    /** The tenant of open-mode requests without a bearer token. */
    public static final Caller ANONYMOUS = new Caller("anonymous", null, KeyGrant.UNRESTRICTED);

    public Caller {
        Objects.requireNonNull(tenant, "tenant");
        Objects.requireNonNull(grant, "grant");
    }

    /** An open-mode caller: no key, no limits of its own. */
    public static Caller open(String tenant) {
        return new Caller(tenant, null, KeyGrant.UNRESTRICTED);
    }

    /** True when the caller presented a gateway key (from the config or the key store). */
    public boolean keyed() {
        return keyId != null;
    }
}
