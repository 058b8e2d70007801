package dev.reprise.gateway.budget;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

import java.time.Clock;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Budget meters: answers warned at a soft limit and requests refused at a hard one, by scope and id, and a gauge of
 * each budgeted scope's spend in its current period (registered the first time the scope is seen).
 */
public final class BudgetMetrics {

    private final MeterRegistry registry;
    private final SpendView spend;
    private final Clock clock;
    private final Set<String> gauged = ConcurrentHashMap.newKeySet();

    public BudgetMetrics(MeterRegistry registry, SpendView spend, Clock clock) {
        this.registry = registry;
        this.spend = spend;
        this.clock = clock;
    }

    /** Makes sure the scope's spend gauge exists. */
    public void observe(BudgetStatus s) {
        BudgetScope scope = s.scope();
        String id = s.id();
        BudgetPeriod period = s.budget().period();
        if (gauged.add(scope.label() + "\u0000" + id + "\u0000" + period.label())) {
            Gauge.builder("reprise.budget.spent.usd", () -> spend.spentUsd(scope, id, period, clock.instant()))
                    .description("Dollars a budgeted key, tenant or alias has spent in its current period")
                    .tags("scope", scope.label(), "id", id, "period", period.label())
                    .register(registry);
        }
    }

    public void warned(BudgetStatus s) {
        counter("reprise.budget.warnings", "Answers that carried x-reprise-budget-warning, by budget", s).increment();
    }

    public void refused(BudgetStatus s) {
        counter("reprise.budget.refused", "Requests refused with 429 budget_exceeded, by budget", s).increment();
    }

    private Counter counter(String name, String description, BudgetStatus s) {
        return Counter.builder(name).description(description)
                .tags("scope", s.scope().label(), "id", s.id())
                .register(registry);
    }
}
