package dev.reprise.gateway.limits;

import dev.reprise.gateway.cluster.RedisLink;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

import java.time.Clock;
import java.util.List;
import java.util.Objects;

/**
 * The limits of a node in a cluster: shared through Redis while it answers, this node's own ({@link LocalRateLimiter})
 * while it does not, so no request fails because Redis is down. Each request admitted on local limits counts in
 * {@code reprise_ratelimit_fallback_total}. The local buckets are only drawn on while Redis is away, so a node's
 * local limit during an outage is the whole limit, not a share of it.
 */
public final class ClusterRateLimiter implements RateLimiter {

    private final RedisRateLimiter shared;
    private final RateLimiter local;
    private final RedisLink link;
    private final Counter fallbacks;

    ClusterRateLimiter(RedisRateLimiter shared, RateLimiter local, RedisLink link, MeterRegistry registry) {
        this.shared = Objects.requireNonNull(shared, "shared");
        this.local = Objects.requireNonNull(local, "local");
        this.link = Objects.requireNonNull(link, "link");
        this.fallbacks = Counter.builder("reprise.ratelimit.fallback")
                .description("Requests checked against this node's local limits because Redis was unreachable")
                .register(registry);
    }

    /** Limits shared through {@code link}, falling back to local buckets on {@code clock}. */
    public static ClusterRateLimiter over(RedisLink link, Clock clock, MeterRegistry registry) {
        return new ClusterRateLimiter(new RedisRateLimiter(link, clock), new LocalRateLimiter(clock), link, registry);
    }

    @Override
    public Admission acquire(List<ScopeLimit> limits, long tokens) {
        if (link.up()) {
            try {
                return shared.acquire(limits, tokens);
            } catch (RedisUnavailableException e) {
                link.failed(e.getCause() instanceof RuntimeException r ? r : e);
            }
        }
        fallbacks.increment();
        return local.acquire(limits, tokens);
    }
}
