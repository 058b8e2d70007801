package dev.reprise.gateway.limits;

import io.github.bucket4j.Bucket;
import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.EstimationProbe;
import io.github.bucket4j.TimeMeter;
import io.github.bucket4j.TokensInheritanceStrategy;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantLock;

/**
 * {@link RateLimiter} over Bucket4j buckets in this process: per scope and id, one bucket of requests and one of
 * tokens, each refilled greedily over a minute (60 RPM gives one request back a second). A request locks its scopes
 * in one global order, checks every bucket, then takes from all, so admission across scopes is all or nothing and
 * concurrent requests never overshoot a limit. Scopes come and go (open-mode callers, revoked keys), so once there
 * are many, the full buckets are dropped: a full bucket is what a new one would be.
 */
public final class LocalRateLimiter implements RateLimiter {

    static final Duration WINDOW = Duration.ofMinutes(1);
    /** How many scopes are kept before full ones are dropped; the bar then doubles over what stays. */
    static final int DEFAULT_PRUNE_AT = 10_000;

    private static final Comparator<ScopeLimit> LOCK_ORDER =
            Comparator.comparing(ScopeLimit::scope).thenComparing(ScopeLimit::id);

    private final TimeMeter time;
    private final ConcurrentMap<ScopeId, ScopeBuckets> buckets = new ConcurrentHashMap<>();
    private final int minPruneAt;
    private final ReentrantLock pruning = new ReentrantLock();
    private volatile int pruneAt;

    /** Buckets that refill by {@code clock}. */
    public LocalRateLimiter(Clock clock) {
        this(clock, DEFAULT_PRUNE_AT);
    }

    LocalRateLimiter(Clock clock, int pruneAt) {
        this.time = new ClockTimeMeter(clock);
        this.minPruneAt = pruneAt;
        this.pruneAt = pruneAt;
    }

    /** The scopes that have buckets now. */
    int scopes() {
        return buckets.size();
    }

    private record ScopeId(LimitScope scope, String id) {
    }

    @Override
    public Admission acquire(List<ScopeLimit> limits, long tokens) {
        List<ScopeLimit> ordered = limits.stream().filter(l -> !l.limits().none()).sorted(LOCK_ORDER).toList();
        if (buckets.size() >= pruneAt) {
            // Before locking any scope: pruning must not drop a pair this thread holds.
            prune();
        }
        List<ScopeBuckets> held = new ArrayList<>(ordered.size());
        try {
            for (ScopeLimit limit : ordered) {
                ScopeBuckets b = lock(new ScopeId(limit.scope(), limit.id()));
                held.add(b);
                b.configure(limit.limits(), time);
            }
            Shortage worst = null;
            for (int i = 0; i < ordered.size(); i++) {
                Shortage s = held.get(i).shortage(ordered.get(i), tokens);
                if (s != null && (worst == null || s.waitNanos > worst.waitNanos)) {
                    worst = s;
                }
            }
            if (worst != null) {
                return new Admission.Refused(worst.limit, worst.tokensKind,
                        Duration.ofNanos(worst.waitNanos), tightest(held, false), tightest(held, true));
            }
            long[] taken = new long[held.size()];
            for (int i = 0; i < held.size(); i++) {
                taken[i] = held.get(i).take(tokens);
            }
            return new Admission.Granted(new LocalPermit(List.copyOf(held), taken),
                    tightest(held, false), tightest(held, true));
        } finally {
            for (int i = held.size() - 1; i >= 0; i--) {
                held.get(i).lock.unlock();
            }
        }
    }

    /** The scope's buckets, locked; a pair dropped by {@link #prune} meanwhile is replaced by a new one. */
    private ScopeBuckets lock(ScopeId id) {
        while (true) {
            ScopeBuckets b = buckets.computeIfAbsent(id, key -> new ScopeBuckets());
            b.lock.lock();
            if (!b.dropped) {
                return b;
            }
            b.lock.unlock();
        }
    }

    /**
     * Drops the scopes whose buckets are full, skipping any in use. A permit of a request that outlived the refill
     * of its scope (a stream longer than a minute) then corrects a dropped pair, which is lost: a small error that
     * bounds the memory.
     */
    private void prune() {
        if (!pruning.tryLock()) {
            return;
        }
        try {
            for (var entry : buckets.entrySet()) {
                ScopeBuckets b = entry.getValue();
                if (b.lock.tryLock()) {
                    try {
                        if (b.full()) {
                            b.dropped = true;
                            buckets.remove(entry.getKey(), b);
                        }
                    } finally {
                        b.lock.unlock();
                    }
                }
            }
            pruneAt = Math.max(minPruneAt, buckets.size() * 2);
        } finally {
            pruning.unlock();
        }
    }

    /** The quota with the least left among the buckets of one kind, or null when none limits that kind. */
    private static Quota tightest(List<ScopeBuckets> held, boolean tokensKind) {
        Quota tightest = null;
        for (ScopeBuckets b : held) {
            Quota q = b.quota(tokensKind);
            if (q != null && (tightest == null || q.remaining() < tightest.remaining())) {
                tightest = q;
            }
        }
        return tightest;
    }

    private record Shortage(ScopeLimit limit, boolean tokensKind, long waitNanos) {
    }

    /** One scope's buckets; every read and change happens under {@link #lock}. */
    private static final class ScopeBuckets {

        final ReentrantLock lock = new ReentrantLock();
        private long rpm;
        private long tpm;
        private Bucket requests;
        private Bucket tokens;
        private boolean dropped;

        boolean full() {
            return (requests == null || requests.getAvailableTokens() >= rpm)
                    && (tokens == null || tokens.getAvailableTokens() >= tpm);
        }

        /** Follows a changed limit (a hot reload, an edited key) without forgetting what was used this minute. */
        void configure(RateLimits limits, TimeMeter time) {
            if (limits.rpm() != rpm) {
                requests = reconfigured(requests, limits.rpm(), time);
                rpm = limits.rpm();
            }
            if (limits.tpm() != tpm) {
                tokens = reconfigured(tokens, limits.tpm(), time);
                tpm = limits.tpm();
            }
        }

        private static Bucket reconfigured(Bucket bucket, long perMinute, TimeMeter time) {
            if (perMinute == 0) {
                return null;
            }
            BucketConfiguration config = BucketConfiguration.builder()
                    .addLimit(l -> l.capacity(perMinute).refillGreedy(perMinute, WINDOW))
                    .build();
            if (bucket == null) {
                return Bucket.builder().withCustomTimePrecision(time)
                        .addLimit(l -> l.capacity(perMinute).refillGreedy(perMinute, WINDOW)).build();
            }
            // ADDITIVE: a raised limit adds the difference at once; a lowered one keeps what is left, up to the new
            // limit.
            bucket.replaceConfiguration(config, TokensInheritanceStrategy.ADDITIVE);
            return bucket;
        }

        /** What keeps this scope from admitting the request now, or null when it has room. */
        Shortage shortage(ScopeLimit limit, long wanted) {
            if (requests != null) {
                EstimationProbe p = requests.estimateAbilityToConsume(1);
                if (!p.canBeConsumed()) {
                    return new Shortage(limit, false, p.getNanosToWaitForRefill());
                }
            }
            if (tokens != null && wanted > 0) {
                EstimationProbe p = tokens.estimateAbilityToConsume(Math.min(wanted, tpm));
                if (!p.canBeConsumed()) {
                    return new Shortage(limit, true, p.getNanosToWaitForRefill());
                }
            }
            return null;
        }

        /** Takes one request and the tokens (at most the capacity); returns the tokens taken. */
        long take(long wanted) {
            if (requests != null) {
                requests.consumeIgnoringRateLimits(1);
            }
            long taken = 0;
            if (tokens != null && wanted > 0) {
                taken = Math.min(wanted, tpm);
                tokens.consumeIgnoringRateLimits(taken);
            }
            return taken;
        }

        /** Adds (negative: takes) requests and tokens, outside the limits: a correction of what was taken. */
        void correct(long requestDelta, long tokenDelta) {
            lock.lock();
            try {
                adjust(requests, requestDelta);
                adjust(tokens, tokenDelta);
            } finally {
                lock.unlock();
            }
        }

        private static void adjust(Bucket bucket, long delta) {
            if (bucket == null || delta == 0) {
                return;
            }
            if (delta > 0) {
                bucket.addTokens(delta);
            } else {
                bucket.consumeIgnoringRateLimits(-delta);
            }
        }

        Quota quota(boolean tokensKind) {
            Bucket bucket = tokensKind ? tokens : requests;
            long perMinute = tokensKind ? tpm : rpm;
            if (bucket == null) {
                return null;
            }
            long left = bucket.getAvailableTokens();
            long missing = Math.max(0, perMinute - left);
            // Greedy refill: perMinute tokens a minute, so full again after missing/perMinute of a minute.
            long resetNanos = (long) Math.ceil((double) missing * WINDOW.toNanos() / perMinute);
            return new Quota(perMinute, left, Duration.ofNanos(resetNanos));
        }
    }

    /** The requests and tokens one request took from each scope, corrected once it settled. */
    private static final class LocalPermit implements Permit {

        private final List<ScopeBuckets> scopes;
        private final long[] taken;
        private final AtomicBoolean settled = new AtomicBoolean();

        LocalPermit(List<ScopeBuckets> scopes, long[] taken) {
            this.scopes = scopes;
            this.taken = taken;
        }

        @Override
        public void settle(long requests, long tokens) {
            if (!settled.compareAndSet(false, true)) {
                return;
            }
            for (int i = 0; i < scopes.size(); i++) {
                // Positive: give back; negative: take more than the estimate took.
                scopes.get(i).correct(1 - requests, taken[i] - tokens);
            }
        }
    }
}
