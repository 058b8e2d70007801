package dev.reprise.gateway.overload;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * The overload meters: the level and the lag it is read from, the CPU slots in use, and what degraded requests skipped
 * or were refused. Tags come from code only.
 */
final class OverloadMetrics {

    private final MeterRegistry registry;
    private final Counter shed;

    OverloadMetrics(MeterRegistry registry, Pressure pressure, CpuSlots slots) {
        this.registry = registry;
        this.shed = Counter.builder("reprise.overload.shed")
                .description("Cache misses refused with 503 while the gateway was shedding load")
                .register(registry);
        Gauge.builder("reprise.overload.level", pressure, p -> p.level().ordinal())
                .description("0 normal, 1 degraded (no embedding on the request path), 2 shedding (misses get 503)")
                .register(registry);
        Gauge.builder("reprise.overload.scheduler.lag", pressure, p -> p.lagNanos() / 1e9)
                .description("How late a runnable request thread gets a CPU").baseUnit("seconds")
                .register(registry);
        Gauge.builder("reprise.overload.cpu.slots.used", slots, CpuSlots::inUse)
                .description("Requests embedding or searching now, waiting included (bound: overload.cpu-queue)")
                .register(registry);
    }

    void shed() {
        shed.increment();
    }

    /** A skipped step: {@code what} is a {@code Degradation} token, {@code cause} is {@code lag} or {@code cpu-queue}. */
    void skipped(String what, String cause) {
        Counter.builder("reprise.overload.skipped")
                .description("Work skipped for requests under load, by what and why")
                .tags("what", what, "cause", cause)
                .register(registry).increment();
    }
}
