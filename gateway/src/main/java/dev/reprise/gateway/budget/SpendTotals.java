package dev.reprise.gateway.budget;

import dev.reprise.gateway.ledger.DaySpend;
import dev.reprise.gateway.ledger.LedgerReader;
import dev.reprise.gateway.pipeline.SettledListener;
import dev.reprise.gateway.pipeline.SettledRequest;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.DoubleAdder;

/**
 * What each key, tenant and alias has spent upstream in the current day, week and month (UTC), kept in memory as
 * running totals: added to as each request settles, rebuilt from the usage ledger at start. A request counts in the
 * period of its arrival, as its ledger row does. The cache judge's own calls count for the alias they call only:
 * the gateway made them, not the key or tenant whose question was judged. Thread-safe.
 */
public final class SpendTotals implements SpendView, SettledListener {

    /** Sums of dollars are cut to this many decimals, as the ledger's are, so 3 x $0.1 reads $0.3. */
    private static final double MONEY_SCALE = 1e12;

    /** One running total: a scope's spend in one period, by the period's start. */
    private record Slot(BudgetScope scope, String id, BudgetPeriod period, Instant start) {
    }

    private final Map<Slot, DoubleAdder> totals = new ConcurrentHashMap<>();
    private final Clock clock;
    /** The UTC day totals of ended periods were last dropped on; they are dropped once a day. */
    private final AtomicReference<LocalDate> prunedOn = new AtomicReference<>(LocalDate.MIN);

    public SpendTotals(Clock clock) {
        this.clock = clock;
    }

    /** How much history the ledger must keep for a restart to lose none of a budget's period: its longest. */
    public static Duration history(BudgetPeriod period) {
        return switch (period) {
            case DAY -> Duration.ofDays(1);
            case WEEK -> Duration.ofDays(7);
            case MONTH -> Duration.ofDays(31);
        };
    }

    /** When the ledger's history must begin for every current period to be whole: the earlier of week and month. */
    public static Instant rebuildFrom(Instant now) {
        Instant week = BudgetPeriod.WEEK.start(now);
        Instant month = BudgetPeriod.MONTH.start(now);
        return week.isBefore(month) ? week : month;
    }

    /** Adds what the ledger holds for the current periods; called at start, before any request is taken. */
    public void rebuild(LedgerReader ledger) {
        List<DaySpend> days = ledger.spendByDay(rebuildFrom(clock.instant()));
        for (DaySpend d : days) {
            forEach(d.day().atStartOfDay(ZoneOffset.UTC).toInstant(), d.judge() ? null : d.keyId(),
                    d.judge() ? null : d.tenant(), d.alias(), d.costUsd(), this::addTo);
        }
        prune();
    }

    /** Where one request's cost is counted: a scope's total in one period, by the period's start. */
    @FunctionalInterface
    interface Charge {
        void add(BudgetScope scope, String id, BudgetPeriod period, Instant start, double usd);
    }

    /** Counts what the request cost upstream; a hit, a refusal and a shared answer cost nothing. */
    @Override
    public void settled(SettledRequest request) {
        charges(request, this::addTo);
        prune();
    }

    /**
     * Hands each total the request's cost counts in to {@code charge}: its key's, tenant's and alias's, in every
     * period. A shadow call counts against the shadow traffic's own budget, never a key's, tenant's or alias's; a
     * judge call for its alias only.
     */
    static void charges(SettledRequest request, Charge charge) {
        if (!(request.costUsd() > 0) || request.kind() == SettledRequest.Kind.SHADOW) {
            return;
        }
        boolean judge = request.kind() == SettledRequest.Kind.JUDGE;
        forEach(request.at(), judge ? null : request.keyId(), judge ? null : request.tenant(), request.alias(),
                request.costUsd(), charge);
    }

    /** Rounds a sum of dollars as the ledger's are, so 3 x $0.1 reads $0.3. */
    static double money(double usd) {
        return Math.round(usd * MONEY_SCALE) / MONEY_SCALE;
    }

    @Override
    public double spentUsd(BudgetScope scope, String id, BudgetPeriod period, Instant at) {
        DoubleAdder total = totals.get(new Slot(scope, id, period, period.start(at)));
        return total == null ? 0 : money(total.sum());
    }

    private static void forEach(Instant at, String keyId, String tenant, String alias, double usd, Charge charge) {
        for (BudgetPeriod period : BudgetPeriod.values()) {
            Instant start = period.start(at);
            if (keyId != null) {
                charge.add(BudgetScope.KEY, keyId, period, start, usd);
            }
            if (tenant != null) {
                charge.add(BudgetScope.TENANT, tenant, period, start, usd);
            }
            if (alias != null) {
                charge.add(BudgetScope.ALIAS, alias, period, start, usd);
            }
        }
    }

    private void addTo(BudgetScope scope, String id, BudgetPeriod period, Instant start, double usd) {
        totals.computeIfAbsent(new Slot(scope, id, period, start), s -> new DoubleAdder()).add(usd);
    }

    /** Drops the totals of periods that have ended, so memory holds only the current ones. */
    private void prune() {
        Instant now = clock.instant();
        LocalDate today = LocalDate.ofInstant(now, ZoneOffset.UTC);
        LocalDate last = prunedOn.get();
        if (last.equals(today) || !prunedOn.compareAndSet(last, today)) {
            return;
        }
        totals.keySet().removeIf(slot -> slot.start().isBefore(slot.period().start(now)));
    }
}
