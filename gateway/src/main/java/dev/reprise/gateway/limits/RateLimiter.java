package dev.reprise.gateway.limits;

import java.util.List;

/**
 * Token buckets per scope, behind the one operation the gateway needs: admit a request against all its limits at
 * once. The local implementation keeps the buckets in this process; a shared one (Bucket4j's Redis backend, for
 * several gateways) can replace it without touching callers.
 */
public interface RateLimiter {

    /**
     * Takes one request and {@code tokens} from each of {@code limits}, all or nothing: when any is short, nothing
     * is taken from any, so a refused request spends no other scope's allowance. A token estimate above a limit's
     * whole capacity takes the capacity (the request could never pass otherwise); the real usage is settled later.
     */
    Admission acquire(List<ScopeLimit> limits, long tokens);
}
