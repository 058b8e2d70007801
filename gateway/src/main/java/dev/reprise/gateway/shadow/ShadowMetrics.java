package dev.reprise.gateway.shadow;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;

/** Shadow traffic's counters: calls sent by candidate and result, shadows dropped by reason, and what they cost. */
final class ShadowMetrics {

    /** Why a picked request was not shadowed. */
    enum Drop { QUEUE, RATE, BUDGET, CLOSED }

    private final MeterRegistry registry;
    private final Map<Drop, Counter> dropped = new EnumMap<>(Drop.class);

    ShadowMetrics(MeterRegistry registry) {
        this.registry = registry;
        for (Drop d : Drop.values()) {
            dropped.put(d, Counter.builder("reprise.shadow.dropped")
                    .description("Requests picked for a shadow call but not shadowed, by reason: queue (full), rate "
                            + "(shadow.requests-per-minute), budget (shadow.daily-budget-usd) or closed")
                    .tag("reason", d.name().toLowerCase(Locale.ROOT)).register(registry));
        }
    }

    void dropped(Drop reason) {
        dropped.get(reason).increment();
    }

    /** One shadow call made: {@code ok} when the candidate answered. */
    void called(String primary, String candidate, boolean ok, double costUsd) {
        Counter.builder("reprise.shadow.calls")
                .description("Shadow calls sent to a candidate alias, by primary, candidate and result (ok or error)")
                .tags("primary", primary, "candidate", candidate, "result", ok ? "ok" : "error")
                .register(registry).increment();
        if (costUsd > 0) {
            Counter.builder("reprise.shadow.cost.usd")
                    .description("What shadow calls cost upstream, in US dollars, by candidate")
                    .tag("candidate", candidate).register(registry).increment(costUsd);
        }
    }
}
