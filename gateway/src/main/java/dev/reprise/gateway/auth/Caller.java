package dev.reprise.gateway.auth;

import java.util.Objects;

/**
 * Who is calling: the tenant that owns the request's cache namespace, limits and usage.
 * {@code keyed} is true when the tenant comes from a configured gateway key.
 */
public record Caller(String tenant, boolean keyed) {

    /** The tenant of open-mode requests without a bearer token. */
    public static final Caller ANONYMOUS = new Caller("anonymous", false);

    public Caller {
        Objects.requireNonNull(tenant, "tenant");
    }
}
