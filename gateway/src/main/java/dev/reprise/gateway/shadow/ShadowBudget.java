package dev.reprise.gateway.shadow;

import dev.reprise.gateway.limits.Admission;
import dev.reprise.gateway.limits.LimitScope;
import dev.reprise.gateway.limits.RateLimiter;
import dev.reprise.gateway.limits.RateLimits;
import dev.reprise.gateway.limits.ScopeLimit;

import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;

/**
 * Shadow traffic's own bounds: a token bucket of {@code requests-per-minute} (a limiter of its own, so no client's
 * allowance is spent) and {@code daily-budget-usd} per UTC day. Time comes from the injected clock. Thread-safe.
 */
final class ShadowBudget {

    /** Why a shadow call was refused. */
    enum Refusal { RATE, BUDGET }

    private final RateLimiter limiter;
    private final ScopeLimit limit;
    private final double dailyBudgetUsd;
    private final Clock clock;
    private LocalDate day;
    private double spentToday;

    ShadowBudget(ShadowSettings settings, RateLimiter limiter, Clock clock) {
        this.limiter = limiter;
        this.limit = new ScopeLimit(LimitScope.ALIAS, "shadow", "shadow traffic",
                new RateLimits(settings.requestsPerMinute(), 0));
        this.dailyBudgetUsd = settings.dailyBudgetUsd();
        this.clock = clock;
    }

    /**
     * Takes one call from the rate limit, then checks the day's budget, or says which bound refuses it. The rate
     * first: it is known at once, where the budget depends on what calls still in flight will cost.
     */
    Refusal tryAcquire() {
        if (!(limiter.acquire(List.of(limit), 0) instanceof Admission.Granted)) {
            return Refusal.RATE;
        }
        synchronized (this) {
            rollDay();
            return spentToday >= dailyBudgetUsd ? Refusal.BUDGET : null;
        }
    }

    /** What a call cost, once known (or what the ledger holds for today, at start). */
    synchronized void spent(double usd) {
        rollDay();
        spentToday += usd;
    }

    synchronized double spentToday() {
        rollDay();
        return spentToday;
    }

    private void rollDay() {
        LocalDate today = LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
        if (!today.equals(day)) {
            day = today;
            spentToday = 0;
        }
    }
}
