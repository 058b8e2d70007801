package dev.reprise.gateway.overload;

import java.util.function.LongSupplier;

/**
 * The pressure level, from the scheduler lag. Degraded from {@code degrade-lag}, held for {@code recover-after} once
 * the lag falls, so that the embedding it skips does not come straight back and push the lag up again. Shedding from
 * {@code shed-lag}, for a share of the misses that grows with the lag, from none at {@code shed-lag} to all at twice
 * it: a client that retries a refusal at once (a load generator does) brings its request straight back, so refusing
 * every miss would keep the CPU as busy as serving them, and the level would never fall.
 */
public final class Pressure {

    private final LagSource lag;
    private final LongSupplier ticker;
    private final long degradeNanos;
    private final long shedNanos;
    private final long holdNanos;
    /** Until when (on {@code ticker}) the degraded level holds; a past time while it does not. */
    private volatile long degradedUntil;

    public Pressure(OverloadSettings settings, LagSource lag, LongSupplier ticker) {
        this.lag = lag;
        this.ticker = ticker;
        this.degradeNanos = settings.degradeLag().toNanos();
        this.shedNanos = settings.shedLag().toNanos();
        this.holdNanos = settings.recoverAfter().toNanos();
        this.degradedUntil = ticker.getAsLong();
    }

    public PressureLevel level() {
        return read().level();
    }

    /** The level now, and the share of misses to refuse: 0 below {@code shed-lag}, 1 from twice it. */
    public Reading read() {
        long now = ticker.getAsLong();
        long lagNow = lag.lagNanos();
        if (lagNow >= degradeNanos) {
            degradedUntil = now + holdNanos;
        }
        double shed = lagNow <= shedNanos ? 0 : Math.min(1.0, (double) (lagNow - shedNanos) / shedNanos);
        if (shed > 0) {
            return new Reading(PressureLevel.SHEDDING, shed);
        }
        return new Reading(lagNow >= degradeNanos || now - degradedUntil < 0 ? PressureLevel.DEGRADED
                : PressureLevel.NORMAL, 0);
    }

    /** The lag the level is read from, in nanoseconds. */
    public long lagNanos() {
        return lag.lagNanos();
    }

    /** One reading of the pressure: the level, and while shedding the share of misses to refuse, in (0, 1]. */
    public record Reading(PressureLevel level, double shedShare) {
    }
}
