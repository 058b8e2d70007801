package dev.reprise.gateway.upstream;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/**
 * An exponentially weighted moving average of a deployment's recent latencies (time to the answer, or
 * to the first streamed token). Each sample moves the average by {@code ALPHA} of the difference, so a
 * deployment that slows down is noticed within a few calls.
 */
public final class LatencyEwma {

    static final double ALPHA = 0.3;
    private static final long NONE = -1;

    private final AtomicLong nanos = new AtomicLong(NONE);

    public void record(Duration sample) {
        long s = Math.max(0, sample.toNanos());
        nanos.accumulateAndGet(s, (old, neu) -> old == NONE ? neu : Math.round(old + ALPHA * (neu - old)));
    }

    public boolean hasSamples() {
        return nanos.get() != NONE;
    }

    /** The average, or zero before the first sample. */
    public Duration value() {
        long v = nanos.get();
        return v == NONE ? Duration.ZERO : Duration.ofNanos(v);
    }
}
