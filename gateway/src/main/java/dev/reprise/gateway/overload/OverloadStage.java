package dev.reprise.gateway.overload;

import dev.reprise.gateway.error.GatewayError;
import dev.reprise.gateway.pipeline.Outcome;
import dev.reprise.gateway.pipeline.RequestContext;
import dev.reprise.gateway.pipeline.Stage;

import java.time.Duration;
import java.util.Optional;
import java.util.function.DoubleSupplier;

/**
 * A request's pressure level, read once where the exact tier has not answered: while shedding, the reading's share of
 * requests is refused with a fast 503 and {@code Retry-After} (nothing of them is embedded, searched, sent upstream or
 * stored); the rest, and every request while degraded, are marked so that the embedding stages after this one skip
 * their work. Exact hits never get here, so they are served at every level.
 */
final class OverloadStage implements Stage {

    private final Pressure pressure;
    private final Duration retryAfter;
    private final OverloadMetrics metrics;
    private final DoubleSupplier random;

    /** {@code random} draws in [0, 1) which requests a partial shedding share refuses. */
    OverloadStage(Pressure pressure, Duration retryAfter, OverloadMetrics metrics, DoubleSupplier random) {
        this.pressure = pressure;
        this.retryAfter = retryAfter;
        this.metrics = metrics;
        this.random = random;
    }

    @Override
    public String name() {
        return "overload";
    }

    @Override
    public Optional<Outcome> before(RequestContext ctx) {
        Pressure.Reading reading = pressure.read();
        if (reading.level() == PressureLevel.SHEDDING && random.getAsDouble() < reading.shedShare()) {
            metrics.shed();
            return Optional.of(new Outcome.Refused(GatewayError.overloaded(retryAfter)));
        }
        ctx.attribute(Overload.LEVEL, reading.level());
        return Optional.empty();
    }
}
