package dev.reprise.gateway.overload;

import dev.reprise.gateway.pipeline.RequestContext;
import dev.reprise.gateway.pipeline.Stage;
import io.micrometer.core.instrument.MeterRegistry;

import java.util.concurrent.ThreadLocalRandom;
import java.util.function.LongSupplier;

/**
 * The gateway's overload control: the pressure level, the CPU slots and their meters, and the stages that act on them
 * ({@link #stage()} decides a request's level; {@link #semantic} and {@link #inspection} put the embedding stages
 * behind the slots). Closing it stops the lag probe it started, if any.
 */
public final class Overload implements AutoCloseable {

    /** The level a request was given by {@link OverloadStage}, for the admissions after it. */
    static final RequestContext.Key<PressureLevel> LEVEL = RequestContext.Key.of("overload.level", PressureLevel.class);

    private final OverloadSettings settings;
    private final Pressure pressure;
    private final CpuSlots slots;
    private final OverloadMetrics metrics;
    private final AutoCloseable probe;

    private Overload(OverloadSettings settings, LagSource lag, AutoCloseable probe, LongSupplier ticker,
                     MeterRegistry registry) {
        this.settings = settings;
        this.pressure = new Pressure(settings, lag, ticker);
        this.slots = new CpuSlots(settings.cpuQueue());
        this.metrics = new OverloadMetrics(registry, pressure, slots);
        this.probe = probe;
    }

    /** Reads the lag from a {@link SchedulerLagProbe} it starts (and stops on close). */
    public static Overload start(OverloadSettings settings, LongSupplier ticker, MeterRegistry registry) {
        SchedulerLagProbe probe = new SchedulerLagProbe(settings.probeInterval(), ticker);
        return new Overload(settings, probe, probe, ticker, registry);
    }

    /** Reads the lag from {@code lag} (tests set it). */
    public static Overload over(OverloadSettings settings, LagSource lag, LongSupplier ticker, MeterRegistry registry) {
        return new Overload(settings, lag, null, ticker, registry);
    }

    public OverloadSettings settings() {
        return settings;
    }

    public PressureLevel level() {
        return pressure.level();
    }

    /** The bound on requests embedding or searching; tests take its slots to fill it. */
    public CpuSlots slots() {
        return slots;
    }

    /** Decides each request's level once, right after the exact tier: sheds a miss, or marks it degraded. */
    public Stage stage() {
        return new OverloadStage(pressure, settings.retryAfter(), metrics,
                () -> ThreadLocalRandom.current().nextDouble());
    }

    /** The semantic tier behind the CPU slots: skipped while degraded or when no slot is free. */
    public Stage semantic(Stage semanticTier) {
        return new SemanticAdmission(semanticTier, slots, metrics);
    }

    /**
     * The injection check's inspection behind the CPU slots; {@code blocking} says whether the request's policy blocks
     * what it finds (such an inspection is never skipped: the request is refused instead).
     */
    public Stage inspection(Stage inspection, InspectionAdmission.Policy policy) {
        return new InspectionAdmission(inspection, policy, slots, settings.retryAfter(), metrics);
    }

    static boolean degraded(RequestContext ctx) {
        return ctx.attribute(LEVEL).orElse(PressureLevel.NORMAL) != PressureLevel.NORMAL;
    }

    @Override
    public void close() throws Exception {
        if (probe != null) {
            probe.close();
        }
    }
}
