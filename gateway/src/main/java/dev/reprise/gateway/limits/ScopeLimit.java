package dev.reprise.gateway.limits;

import java.util.Objects;

/**
 * One allowance a request draws on: whose it is ({@code scope} and {@code id}, e.g. the tenant {@code acme}) and how
 * much it allows. A limiter keeps one pair of buckets per scope and id, so the same id under a changed limit is the
 * same allowance, reconfigured.
 *
 * @param id      the key id, the tenant, the alias, or {@code alias/caller} for a per-caller alias limit
 * @param subject how a refusal names it, e.g. {@code tenant 'acme'}
 */
public record ScopeLimit(LimitScope scope, String id, String subject, RateLimits limits) {

    public ScopeLimit {
        Objects.requireNonNull(scope, "scope");
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(limits, "limits");
    }
}
