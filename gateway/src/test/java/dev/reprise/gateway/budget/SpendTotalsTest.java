package dev.reprise.gateway.budget;

import dev.reprise.gateway.pipeline.SettledRequest;
import dev.reprise.testing.TestClock;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Running spend totals: what counts where, and in which period. */
class SpendTotalsTest {

    private static final Instant T0 = Instant.parse("2026-12-06T23:30:00Z");

    private final TestClock clock = new TestClock(T0);
    private final SpendTotals totals = new SpendTotals(clock);

    private static SettledRequest settled(Instant at, SettledRequest.Kind kind, double cost) {
        return new SettledRequest("r-1", at, "acme", kind == SettledRequest.Kind.JUDGE ? null : "app", "chat", "chat",
                null, null, "chat#0", "openai", "gpt", 1, null, SettledRequest.CacheFacts.NONE, 200, null,
                Duration.ofMillis(5), null, new SettledRequest.Tokens(1000, 0, SettledRequest.TokenSource.PROVIDER),
                cost, 0, false, null, null, kind);
    }

    @Test
    void should_count_a_request_for_its_key_tenant_and_alias_in_every_period() {
        totals.settled(settled(T0, SettledRequest.Kind.CHAT, 0.25));
        for (BudgetPeriod p : BudgetPeriod.values()) {
            assertEquals(0.25, totals.spentUsd(BudgetScope.KEY, "app", p, T0), p.label());
            assertEquals(0.25, totals.spentUsd(BudgetScope.TENANT, "acme", p, T0), p.label());
            assertEquals(0.25, totals.spentUsd(BudgetScope.ALIAS, "chat", p, T0), p.label());
        }
        assertEquals(0, totals.spentUsd(BudgetScope.KEY, "other", BudgetPeriod.DAY, T0));
    }

    @Test
    void should_count_the_cache_judges_calls_for_their_alias_only() {
        totals.settled(settled(T0, SettledRequest.Kind.JUDGE, 0.1));
        assertEquals(0.1, totals.spentUsd(BudgetScope.ALIAS, "chat", BudgetPeriod.DAY, T0));
        assertEquals(0, totals.spentUsd(BudgetScope.TENANT, "acme", BudgetPeriod.DAY, T0),
                "the gateway asked the judge, not the tenant");
    }

    @Test
    void should_leave_shadow_calls_to_their_own_budget() {
        totals.settled(settled(T0, SettledRequest.Kind.SHADOW, 0.3));
        for (BudgetScope scope : BudgetScope.values()) {
            assertEquals(0, totals.spentUsd(scope, scope == BudgetScope.KEY ? "app" : scope == BudgetScope.TENANT
                    ? "acme" : "chat", BudgetPeriod.DAY, T0), scope.name());
        }
    }

    @Test
    void should_count_a_request_in_the_period_it_arrived_in() {
        totals.settled(settled(T0, SettledRequest.Kind.CHAT, 0.25));
        clock.advance(Duration.ofHours(1));
        Instant monday = clock.instant();
        // A request that arrived on Sunday and settled on Monday is Sunday's, as its ledger row is.
        totals.settled(settled(T0.plusSeconds(60), SettledRequest.Kind.CHAT, 0.5));
        totals.settled(settled(monday, SettledRequest.Kind.CHAT, 1));
        assertEquals(1, totals.spentUsd(BudgetScope.KEY, "app", BudgetPeriod.DAY, monday));
        assertEquals(1, totals.spentUsd(BudgetScope.KEY, "app", BudgetPeriod.WEEK, monday), "weeks start on Monday");
        assertEquals(1.75, totals.spentUsd(BudgetScope.KEY, "app", BudgetPeriod.MONTH, monday));
    }

    @Test
    void should_add_nothing_for_what_cost_nothing() {
        totals.settled(settled(T0, SettledRequest.Kind.CHAT, 0));
        assertEquals(0, totals.spentUsd(BudgetScope.KEY, "app", BudgetPeriod.DAY, T0));
    }

    @Test
    void should_sum_cents_without_float_noise() {
        for (int i = 0; i < 3; i++) {
            totals.settled(settled(T0, SettledRequest.Kind.CHAT, 0.1));
        }
        assertEquals(0.3, totals.spentUsd(BudgetScope.KEY, "app", BudgetPeriod.DAY, T0));
    }
}
