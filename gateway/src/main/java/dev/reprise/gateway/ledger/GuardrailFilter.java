package dev.reprise.gateway.ledger;

import java.time.Instant;
import java.util.Objects;

/**
 * Which requests the guardrail report counts: a time range (both ends included), and optionally one routed alias
 * ({@code model}) and one tenant (null for any).
 */
public record GuardrailFilter(Instant from, Instant to, String model, String tenant) {

    public GuardrailFilter {
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
    }
}
