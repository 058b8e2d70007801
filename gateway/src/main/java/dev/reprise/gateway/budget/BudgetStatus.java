package dev.reprise.gateway.budget;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * One budget and what its scope has spent in the period holding {@code at}: whether a request may go on, whether
 * it should be warned, and when the period resets.
 */
public record BudgetStatus(BudgetScope scope, String id, Budget budget, double spentUsd, Instant at) {

    public BudgetStatus {
        Objects.requireNonNull(scope, "scope");
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(budget, "budget");
        Objects.requireNonNull(at, "at");
    }

    /** The share of the budget spent: 0 to 1, more once requests in flight overshot it. */
    public double share() {
        return spentUsd / budget.usd();
    }

    /** At or over the hard limit: requests are refused until {@link #resetsAt}. */
    public boolean exceeded() {
        return spentUsd >= budget.usd();
    }

    /** At or over the soft limit: answers carry the warning header. */
    public boolean warned() {
        return share() >= budget.softLimit();
    }

    /** When the period ends and the spend starts again from nothing. */
    public Instant resetsAt() {
        return budget.period().end(at);
    }

    /** How long until the reset, in whole seconds rounded up (a Retry-After of 0 would invite a retry now). */
    public Duration untilReset() {
        Duration left = Duration.between(at, resetsAt());
        long seconds = left.getSeconds() + (left.getNano() > 0 ? 1 : 0);
        return Duration.ofSeconds(Math.max(1, seconds));
    }
}
