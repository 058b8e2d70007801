package dev.reprise.gateway.overload;

import dev.reprise.gateway.cache.Degradation;
import dev.reprise.gateway.error.GatewayError;
import dev.reprise.gateway.pipeline.Outcome;
import dev.reprise.gateway.pipeline.RequestContext;
import dev.reprise.gateway.pipeline.SettledRequest;
import dev.reprise.gateway.pipeline.Stage;

import java.time.Duration;
import java.util.Optional;

/**
 * The injection check's inspection (an embedding) behind the CPU slots. An inspection that only flags is skipped for a
 * degraded request or when no slot is free, and the answer is then not stored (a stored prompt must have passed the
 * inspection, since exact hits skip it). One whose finding would block is never skipped: it runs when a slot is free,
 * even while degraded, and otherwise the request is refused with a fast 503.
 */
public final class InspectionAdmission implements Stage {

    /** What the inspection would do for a request. */
    public enum Mode {
        /** Nothing to embed: the alias has no injection check, or the screen already decided. */
        NONE,
        FLAG,
        BLOCK
    }

    /** Reads a request's {@link Mode} from its alias's guardrail policy. */
    @FunctionalInterface
    public interface Policy {
        Mode of(RequestContext ctx);
    }

    private final Stage inspection;
    private final Policy policy;
    private final CpuSlots slots;
    private final Duration retryAfter;
    private final OverloadMetrics metrics;

    InspectionAdmission(Stage inspection, Policy policy, CpuSlots slots, Duration retryAfter, OverloadMetrics metrics) {
        this.inspection = inspection;
        this.policy = policy;
        this.slots = slots;
        this.retryAfter = retryAfter;
        this.metrics = metrics;
    }

    @Override
    public String name() {
        return inspection.name();
    }

    @Override
    public Optional<Outcome> before(RequestContext ctx) {
        Mode mode = policy.of(ctx);
        if (mode == Mode.NONE) {
            return inspection.before(ctx);
        }
        boolean degraded = Overload.degraded(ctx);
        if ((mode == Mode.BLOCK || !degraded) && slots.tryEnter()) {
            try {
                return inspection.before(ctx);
            } finally {
                slots.leave();
            }
        }
        if (mode == Mode.BLOCK) {
            metrics.shed();
            return Optional.of(new Outcome.Refused(GatewayError.overloaded(retryAfter)));
        }
        Degradation.add(ctx, Degradation.INSPECTION_SKIPPED);
        metrics.skipped(Degradation.INSPECTION_SKIPPED, degraded ? "lag" : "cpu-queue");
        return Optional.empty();
    }

    @Override
    public void after(RequestContext ctx, Outcome outcome) {
        inspection.after(ctx, outcome);
    }

    @Override
    public Outcome answer(RequestContext ctx, Outcome outcome) {
        return inspection.answer(ctx, outcome);
    }

    @Override
    public Outcome reply(RequestContext ctx, Outcome outcome) {
        return inspection.reply(ctx, outcome);
    }

    @Override
    public void onSettled(RequestContext ctx, SettledRequest settled) {
        inspection.onSettled(ctx, settled);
    }
}
