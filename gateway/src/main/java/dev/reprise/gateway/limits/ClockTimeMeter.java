package dev.reprise.gateway.limits;

import io.github.bucket4j.TimeMeter;

import java.time.Clock;
import java.time.Instant;
import java.util.Objects;

/** Bucket4j's time read from the gateway's {@link Clock}, so tests refill buckets by advancing a test clock. */
final class ClockTimeMeter implements TimeMeter {

    private final Clock clock;

    ClockTimeMeter(Clock clock) {
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    @Override
    public long currentTimeNanos() {
        Instant now = clock.instant();
        return now.getEpochSecond() * 1_000_000_000L + now.getNano();
    }

    @Override
    public boolean isWallClockBased() {
        return true;
    }
}
