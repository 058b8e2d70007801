package dev.reprise.gateway.budget;

import java.time.Instant;

/** Reads what a scope has spent so far in a budget period: for the admin API's key view and the dashboard. */
public interface SpendView {

    /** Dollars that {@code id} (of {@code scope}) spent upstream in the {@code period} holding {@code at}. */
    double spentUsd(BudgetScope scope, String id, BudgetPeriod period, Instant at);
}
