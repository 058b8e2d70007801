package dev.reprise.gateway.judge;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * The three bounds on judge calls: at most {@code maxPerMinute} in any minute, at most {@code maxShare} of the misses
 * seen so far, and at most {@code dailyBudgetUsd} spent per UTC day. Time comes from the injected clock. Thread-safe.
 */
public final class JudgeBudget {

    /** Why a call was not made, for the metrics. */
    public enum Refusal { RATE, SHARE, BUDGET }

    private static final Duration MINUTE = Duration.ofMinutes(1);

    private final int maxPerMinute;
    private final double maxShare;
    private final double dailyBudgetUsd;
    private final Clock clock;
    private final Deque<Instant> lastMinute = new ArrayDeque<>();
    private long misses;
    private long calls;
    private LocalDate day;
    private double spentToday;

    public JudgeBudget(int maxPerMinute, double maxShare, double dailyBudgetUsd, Clock clock) {
        this.maxPerMinute = maxPerMinute;
        this.maxShare = maxShare;
        this.dailyBudgetUsd = dailyBudgetUsd;
        this.clock = clock;
    }

    /** A miss went by: the share bound counts calls against all misses, judged or not. */
    public synchronized void missed() {
        misses++;
    }

    /** Takes one call from the budget, or says which bound refuses it. */
    public synchronized Refusal tryAcquire() {
        Instant now = clock.instant();
        rollDay(now);
        while (!lastMinute.isEmpty() && !lastMinute.peekFirst().plus(MINUTE).isAfter(now)) {
            lastMinute.pollFirst();
        }
        if (lastMinute.size() >= maxPerMinute) {
            return Refusal.RATE;
        }
        if (calls + 1 > maxShare * misses) {
            return Refusal.SHARE;
        }
        if (spentToday >= dailyBudgetUsd) {
            return Refusal.BUDGET;
        }
        lastMinute.addLast(now);
        calls++;
        return null;
    }

    /** What a call cost, once known; counts against the day it is reported in. */
    public synchronized void spent(double usd) {
        rollDay(clock.instant());
        spentToday += usd;
    }

    public synchronized double spentToday() {
        rollDay(clock.instant());
        return spentToday;
    }

    private void rollDay(Instant now) {
        LocalDate today = LocalDate.ofInstant(now, ZoneOffset.UTC);
        if (!today.equals(day)) {
            day = today;
            spentToday = 0;
        }
    }
}
