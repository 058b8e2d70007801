package dev.reprise.gateway.guardrails;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

import java.util.Locale;

/** {@code reprise_guardrail_findings_total{type,action}}: findings of each kind and what was done about them. */
public final class GuardrailMetrics {

    private final MeterRegistry registry;

    public GuardrailMetrics(MeterRegistry registry) {
        this.registry = registry;
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
