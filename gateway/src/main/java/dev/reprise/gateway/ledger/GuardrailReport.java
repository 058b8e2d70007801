package dev.reprise.gateway.ledger;

import java.time.LocalDate;
import java.util.List;

/**
 * What the request guardrails did per UTC day: how many requests each action touched, and the same split by the
 * kind of finding (a PII kind such as {@code card}, or an injection's category). Days on which no guardrail acted
 * are left out.
 */
public record GuardrailReport(List<Day> days, List<Count> counts) {

    /** The guardrail that found PII. */
    public static final String PII = "pii";
    /** The guardrail that found a prompt injection. */
    public static final String INJECTION = "injection";

    public GuardrailReport {
        days = List.copyOf(days);
        counts = List.copyOf(counts);
    }

    /**
     * One day's requests that a guardrail blocked (PII or injection, counted once), whose PII was redacted, whose
     * PII was only logged, and that were flagged as an injection.
     */
    public record Day(LocalDate day, long blocked, long redacted, long logged, long flagged) {
    }

    /**
     * The requests of one day on which {@code guardrail} ({@link #PII} or {@link #INJECTION}) took {@code action}
     * ({@code block}, {@code redact} or {@code log}; {@code block} or {@code flag}) for a finding of {@code type}. A
     * request with two PII kinds counts once under each; an injection without a category has the type
     * {@link UsageDimension#NONE}.
     */
    public record Count(LocalDate day, String guardrail, String action, String type, long requests) {
    }
}
