package dev.reprise.gateway.overload;

import dev.reprise.gateway.config.ConfigValues;

import java.time.Duration;

/**
 * {@code overload:}: the bounds past which the gateway stops doing its own CPU-heavy work (embedding, vector search,
 * storing answers) for a request and, past the last one, refuses misses with a fast 503. Read at start only.
 *
 * @param enabled       false restores the unbounded behaviour (every miss embeds, searches and is stored)
 * @param cpuQueue      requests embedding or searching at once, waiting included; one more skips that work
 * @param storeQueue    answers waiting for the cache writer; one more is dropped (not stored)
 * @param degradeLag    the scheduler lag at which every miss skips the semantic tier (the exact tier still serves)
 * @param shedLag       the scheduler lag from which a share of the misses is refused with 503 and {@code Retry-After}:
 *                      none at this lag, all at twice it
 * @param recoverAfter  how long the degraded level holds after the lag last reached it, so it does not flap
 * @param retryAfter    what a shed request's {@code Retry-After} says
 * @param probeInterval how often the scheduler lag is sampled
 */
public record OverloadSettings(boolean enabled, int cpuQueue, int storeQueue, Duration degradeLag, Duration shedLag,
                               Duration recoverAfter, Duration retryAfter, Duration probeInterval) {

    public static final boolean DEFAULT_ENABLED = true;
    /** About 40 ms of embedding at ~1.2 ms a short text on one core: longer waits cost more than a miss saves. */
    public static final int DEFAULT_CPU_QUEUE = 32;
    public static final int MAX_CPU_QUEUE = 100_000;
    /** Each waiting answer is scanned by every semantic lookup until it is indexed, so the bound stays small. */
    public static final int DEFAULT_STORE_QUEUE = 256;
    public static final int MAX_STORE_QUEUE = 100_000;
    /** An exact hit waits about this long for a thread at this lag: a fraction of its 50 ms p99 budget. */
    public static final Duration DEFAULT_DEGRADE_LAG = Duration.ofMillis(20);
    public static final Duration DEFAULT_SHED_LAG = Duration.ofMillis(500);
    public static final Duration DEFAULT_RECOVER_AFTER = Duration.ofSeconds(1);
    public static final Duration DEFAULT_RETRY_AFTER = Duration.ofSeconds(1);
    public static final Duration DEFAULT_PROBE_INTERVAL = Duration.ofMillis(10);

    public OverloadSettings {
        if (cpuQueue < 1 || cpuQueue > MAX_CPU_QUEUE) {
            throw new IllegalArgumentException("overload.cpu-queue must be between 1 and " + MAX_CPU_QUEUE + ", got "
                    + cpuQueue);
        }
        if (storeQueue < 1 || storeQueue > MAX_STORE_QUEUE) {
            throw new IllegalArgumentException("overload.store-queue must be between 1 and " + MAX_STORE_QUEUE
                    + ", got " + storeQueue);
        }
        positive("overload.degrade-lag", degradeLag);
        positive("overload.shed-lag", shedLag);
        positive("overload.probe-interval", probeInterval);
        if (shedLag.compareTo(degradeLag) <= 0) {
            throw new IllegalArgumentException("overload.shed-lag must be longer than overload.degrade-lag ("
                    + degradeLag.toMillis() + "ms), got " + shedLag.toMillis() + "ms");
        }
        if (recoverAfter == null || recoverAfter.isNegative()) {
            throw new IllegalArgumentException("overload.recover-after must be >= 0, got " + recoverAfter);
        }
        if (retryAfter == null || retryAfter.toSeconds() < 1 || retryAfter.toMillis() % 1000 != 0) {
            throw new IllegalArgumentException("overload.retry-after must be whole seconds, at least 1s, got "
                    + retryAfter);
        }
    }

    public static OverloadSettings defaults() {
        return new OverloadSettings(DEFAULT_ENABLED, DEFAULT_CPU_QUEUE, DEFAULT_STORE_QUEUE, DEFAULT_DEGRADE_LAG,
                DEFAULT_SHED_LAG, DEFAULT_RECOVER_AFTER, DEFAULT_RETRY_AFTER, DEFAULT_PROBE_INTERVAL);
    }

    /** These settings, switched on or off. */
    public OverloadSettings withEnabled(boolean on) {
        return new OverloadSettings(on, cpuQueue, storeQueue, degradeLag, shedLag, recoverAfter, retryAfter,
                probeInterval);
    }

    private static void positive(String key, Duration value) {
        if (value == null || value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException(key + " must be > 0, got " + value);
        }
    }

    /** The YAML shape of {@code overload:}; every key is optional. */
    public record Yaml(Boolean enabled, Integer cpuQueue, Integer storeQueue, String degradeLag, String shedLag,
                       String recoverAfter, String retryAfter, String probeInterval) {

        public static OverloadSettings resolve(Yaml y) {
            OverloadSettings d = defaults();
            if (y == null) {
                return d;
            }
            return new OverloadSettings(y.enabled == null ? d.enabled() : y.enabled,
                    y.cpuQueue == null ? d.cpuQueue() : y.cpuQueue,
                    y.storeQueue == null ? d.storeQueue() : y.storeQueue,
                    ConfigValues.positiveDuration("overload.degrade-lag", y.degradeLag, d.degradeLag()),
                    ConfigValues.positiveDuration("overload.shed-lag", y.shedLag, d.shedLag()),
                    ConfigValues.duration("overload.recover-after", y.recoverAfter, d.recoverAfter()),
                    ConfigValues.positiveDuration("overload.retry-after", y.retryAfter, d.retryAfter()),
                    ConfigValues.positiveDuration("overload.probe-interval", y.probeInterval, d.probeInterval()));
        }
    }
}
