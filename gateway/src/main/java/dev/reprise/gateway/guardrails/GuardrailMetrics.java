package dev.reprise.gateway.guardrails;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import java.util.Locale;
import java.util.function.Supplier;

/**
 * {@code reprise_guardrail_findings_total{type,action}}: findings of each kind and what was done about them;
 * {@code reprise_guardrail_injection_duration_seconds{part}}: the injection check's cost per request, its screen
 * (patterns, every request) and its inspection (embeds the prompt, only when the exact cache tier cannot answer).
 */
public final class GuardrailMetrics {

    private final MeterRegistry registry;
    private final Timer screens;
    private final Timer inspections;

    public GuardrailMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.screens = injectionTimer(registry, "screen");
        this.inspections = injectionTimer(registry, "inspect");
    }

    private static Timer injectionTimer(MeterRegistry registry, String part) {
        return Timer.builder("reprise.guardrail.injection.duration")
                .description("The injection check's time per request: its pattern screen, or its whole inspection")
                .tag("part", part)
                .register(registry);
    }

    /** Runs the injection check's screen, timed. */
    public <T> T screen(Supplier<T> check) {
        return screens.record(check);
    }

    /** Runs the injection check's whole inspection, timed. */
    public <T> T inspect(Supplier<T> check) {
        return inspections.record(check);
    }

    /** {@code count} findings of {@code type} (a PII kind, or {@code injection}) handled by {@code action}. */
    public void findings(String type, Enum<?> action, int count) {
        findings(type, action.name().toLowerCase(Locale.ROOT), count);
    }

    /** {@code count} findings of {@code type} handled by {@code action} ({@code answer_redact} for answers). */
    public void findings(String type, String action, int count) {
        Counter.builder("reprise.guardrail.findings")
                .description("What the guardrails found in requests, by kind and by the action taken")
                .tag("type", type)
                .tag("action", action)
                .register(registry).increment(count);
    }
}
