package dev.reprise.gateway.budget;

import dev.reprise.gateway.error.GatewayError;
import dev.reprise.gateway.pipeline.Outcome;
import dev.reprise.gateway.pipeline.RequestContext;
import dev.reprise.gateway.pipeline.Stage;

import java.math.BigDecimal;
import java.time.Clock;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Holds a request to the dollar budgets of its key, its tenant and its alias, on what they have spent so far: at a
 * hard limit it refuses with 429 {@code budget_exceeded} until the period resets; past a soft limit the answer
 * carries {@value #WARNING_HEADER}. What the request itself costs counts once it settles (in {@link SpendTotals}, or
 * the cluster's {@link ClusterSpend}), so a stream in flight when the budget runs out finishes, and the next request
 * is refused.
 */
public final class BudgetStage implements Stage {

    /** Names each budget past its soft limit: {@code key=acme-app; share=0.85; usd=5; period=day}, comma-separated. */
    public static final String WARNING_HEADER = "x-reprise-budget-warning";

    private final Budgets budgets;
    private final BudgetMetrics metrics;
    private final Clock clock;

    public BudgetStage(Budgets budgets, BudgetMetrics metrics, Clock clock) {
        this.budgets = budgets;
        this.metrics = metrics;
        this.clock = clock;
    }

    @Override
    public String name() {
        return "budget";
    }

    @Override
    public Optional<Outcome> before(RequestContext ctx) {
        String alias = ctx.deployment() == null ? null : ctx.deployment().alias();
        List<BudgetStatus> statuses = budgets.applying(ctx.caller(), alias, clock.instant());
        if (statuses.isEmpty()) {
            return Optional.empty();
        }
        statuses.forEach(metrics::observe);
        // Of several spent budgets, the one that resets last says when a retry can succeed.
        Optional<BudgetStatus> spent = statuses.stream().filter(BudgetStatus::exceeded)
                .max(Comparator.comparing(BudgetStatus::resetsAt));
        if (spent.isPresent()) {
            BudgetStatus s = spent.get();
            metrics.refused(s);
            throw GatewayError.budgetExceeded(s.scope().label(), s.id(), describe(s.budget()), s.resetsAt(),
                    s.untilReset()).toException();
        }
        List<BudgetStatus> warned = statuses.stream().filter(BudgetStatus::warned).toList();
        if (!warned.isEmpty()) {
            warned.forEach(metrics::warned);
            ctx.responseHeader(WARNING_HEADER, warned.stream().map(BudgetStage::warning)
                    .collect(Collectors.joining(", ")));
        }
        return Optional.empty();
    }

    private static String warning(BudgetStatus s) {
        return s.scope().label() + "=" + s.id() + "; share=" + String.format(Locale.ROOT, "%.2f", s.share())
                + "; usd=" + amount(s.budget().usd()) + "; period=" + s.budget().period().label();
    }

    /** {@code $5 per day}. */
    static String describe(Budget b) {
        return "$" + amount(b.usd()) + " per " + b.period().label();
    }

    /** A dollar amount without a trailing {@code .0}: 5, 0.25. */
    private static String amount(double usd) {
        return BigDecimal.valueOf(usd).stripTrailingZeros().toPlainString();
    }
}
