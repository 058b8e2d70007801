package dev.reprise.gateway.budget;

import java.util.Objects;

/**
 * A dollar budget for one scope (a key, a tenant, an alias) per calendar period, with the share of it at which
 * answers start to carry a warning.
 *
 * @param usd        the hard limit per period; at or above it requests are refused until the period resets
 * @param period     the calendar period (UTC) the spend is counted over
 * @param softLimit  the share of {@code usd} (0 to 1) from which answers carry {@code x-reprise-budget-warning}
 */
public record Budget(double usd, BudgetPeriod period, double softLimit) {

    public static final BudgetPeriod DEFAULT_PERIOD = BudgetPeriod.MONTH;
    public static final double DEFAULT_SOFT_LIMIT = 0.8;

    public Budget {
        if (!(usd > 0) || Double.isInfinite(usd)) {
            throw new IllegalArgumentException("budget.usd must be a positive amount, got " + usd);
        }
        Objects.requireNonNull(period, "period");
        if (!(softLimit > 0 && softLimit <= 1)) {
            throw new IllegalArgumentException("budget.soft-limit must be above 0 and at most 1, got " + softLimit);
        }
    }

    public Budget(double usd, BudgetPeriod period) {
        this(usd, period, DEFAULT_SOFT_LIMIT);
    }
}
