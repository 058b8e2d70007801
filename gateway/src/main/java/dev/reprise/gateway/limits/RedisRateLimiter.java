package dev.reprise.gateway.limits;

import dev.reprise.gateway.cluster.RedisLink;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.ConsumptionProbe;
import io.github.bucket4j.distributed.ExpirationAfterWriteStrategy;
import io.github.bucket4j.distributed.proxy.ProxyManager;
import io.github.bucket4j.redis.lettuce.Bucket4jLettuce;
import io.lettuce.core.api.StatefulRedisConnection;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * {@link RateLimiter} over Bucket4j buckets kept in the cluster's Redis ({@code reprise:limits:<scope>:<id>:...}),
 * so every gateway sharing that Redis draws on one allowance. Bucket4j's compare-and-swap is per bucket, so the
 * all-or-nothing across scopes is kept by taking from each scope's buckets in one fixed order and giving back
 * ({@code addTokens}) what the earlier ones took when a later one refuses. The window left open: between that take
 * and its refund, another node sees those tokens gone, and may refuse a request the refund would have let through.
 * Any Redis failure is thrown as {@link RedisUnavailableException}; what this request took before it is not given
 * back (Redis is away; the buckets refill within the minute).
 */
final class RedisRateLimiter implements RateLimiter {

    static final String KEY_PREFIX = "reprise:limits:";
    /** Idle buckets are dropped once full again, plus this margin for clocks that differ between nodes. */
    static final Duration EXPIRY_MARGIN = Duration.ofSeconds(10);

    private static final Comparator<ScopeLimit> ORDER =
            Comparator.comparing(ScopeLimit::scope).thenComparing(ScopeLimit::id);

    private final RedisLink link;
    private final ClockTimeMeter time;
    private volatile Managed managed;

    RedisRateLimiter(RedisLink link, Clock clock) {
        this.link = link;
        this.time = new ClockTimeMeter(clock);
    }

    /** The proxy manager over one connection; a reconnection opens a new connection and so a new manager. */
    private record Managed(StatefulRedisConnection<byte[], byte[]> connection, ProxyManager<byte[]> proxies) {
    }

    private ProxyManager<byte[]> proxies() {
        StatefulRedisConnection<byte[], byte[]> c = link.connection();
        if (c == null) {
            throw new RedisUnavailableException("Redis is down", null);
        }
        Managed m = managed;
        if (m == null || m.connection != c) {
            m = new Managed(c, Bucket4jLettuce.casBasedBuilder(c)
                    // Bucket time from the gateway's clock, so every node (and a test) refills by the same clock.
                    .clientClock(time)
                    .requestTimeout(link.commandTimeout())
                    .expirationAfterWrite(
                            ExpirationAfterWriteStrategy.basedOnTimeForRefillingBucketUpToMax(EXPIRY_MARGIN))
                    .build());
            managed = m;
        }
        return m.proxies;
    }

    @Override
    public Admission acquire(List<ScopeLimit> limits, long tokens) {
        try {
            return admit(limits.stream().filter(l -> !l.limits().none()).sorted(ORDER).toList(), tokens);
        } catch (RedisUnavailableException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new RedisUnavailableException("a Redis rate limit call failed", e);
        }
    }

    private Admission admit(List<ScopeLimit> ordered, long tokens) {
        ProxyManager<byte[]> proxies = proxies();
        List<Taken> taken = new ArrayList<>(ordered.size());
        Quota requests = null;
        Quota tokenQuota = null;
        for (ScopeLimit limit : ordered) {
            RateLimits l = limit.limits();
            Bucket requestBucket = l.rpm() == 0 ? null : bucket(proxies, limit, "rpm", l.rpm());
            Bucket tokenBucket = l.tpm() == 0 ? null : bucket(proxies, limit, "tpm", l.tpm());
            Taken t = new Taken(requestBucket, tokenBucket, tokens > 0 && tokenBucket != null
                    ? Math.min(tokens, l.tpm()) : 0);
            if (requestBucket != null) {
                ConsumptionProbe p = requestBucket.tryConsumeAndReturnRemaining(1);
                requests = tighter(requests, quota(l.rpm(), p.getRemainingTokens()));
                if (!p.isConsumed()) {
                    refund(taken);
                    return new Admission.Refused(limit, false, Duration.ofNanos(p.getNanosToWaitForRefill()),
                            requests, tokenQuota);
                }
            }
            if (t.tokens > 0) {
                ConsumptionProbe p = tokenBucket.tryConsumeAndReturnRemaining(t.tokens);
                tokenQuota = tighter(tokenQuota, quota(l.tpm(), p.getRemainingTokens()));
                if (!p.isConsumed()) {
                    if (requestBucket != null) {
                        requestBucket.addTokens(1);
                    }
                    refund(taken);
                    return new Admission.Refused(limit, true, Duration.ofNanos(p.getNanosToWaitForRefill()),
                            requests, tokenQuota);
                }
            }
            taken.add(t);
        }
        return new Admission.Granted(new RedisPermit(List.copyOf(taken)), requests, tokenQuota);
    }

    private static Bucket bucket(ProxyManager<byte[]> proxies, ScopeLimit limit, String kind, long perMinute) {
        // The limit is part of the key: a changed limit starts a fresh bucket, and the old one expires.
        String key = KEY_PREFIX + limit.scope().label() + ":" + limit.id() + ":" + kind + perMinute;
        return proxies.getProxy(key.getBytes(StandardCharsets.UTF_8), () -> BucketConfiguration.builder()
                .addLimit(b -> b.capacity(perMinute).refillGreedy(perMinute, LocalRateLimiter.WINDOW))
                .build());
    }

    private static void refund(List<Taken> taken) {
        for (int i = taken.size() - 1; i >= 0; i--) {
            Taken t = taken.get(i);
            add(t.requests, 1);
            add(t.tokenBucket, t.tokens);
        }
    }

    private static void add(Bucket bucket, long delta) {
        if (bucket == null || delta == 0) {
            return;
        }
        if (delta > 0) {
            bucket.addTokens(delta);
        } else {
            bucket.consumeIgnoringRateLimits(-delta);
        }
    }

    private static Quota quota(long perMinute, long left) {
        long missing = Math.max(0, perMinute - left);
        long resetNanos = (long) Math.ceil((double) missing * LocalRateLimiter.WINDOW.toNanos() / perMinute);
        return new Quota(perMinute, left, Duration.ofNanos(resetNanos));
    }

    private static Quota tighter(Quota a, Quota b) {
        return a == null || b.remaining() < a.remaining() ? b : a;
    }

    /** What one scope gave: one request (when it limits requests) and {@code tokens} from its token bucket. */
    private record Taken(Bucket requests, Bucket tokenBucket, long tokens) {
    }

    /** Corrects what a request took in Redis once it settled; a Redis failure then loses the correction. */
    private final class RedisPermit implements Permit {

        private final List<Taken> taken;
        private final AtomicBoolean settled = new AtomicBoolean();

        RedisPermit(List<Taken> taken) {
            this.taken = taken;
        }

        @Override
        public void settle(long requests, long tokens) {
            if (!settled.compareAndSet(false, true) || !link.up()) {
                return;
            }
            try {
                for (Taken t : taken) {
                    add(t.requests, 1 - requests);
                    if (t.tokenBucket != null) {
                        add(t.tokenBucket, t.tokens - tokens);
                    }
                }
            } catch (RuntimeException e) {
                link.failed(e);
            }
        }
    }
}
