package dev.reprise.gateway.judge;

import java.time.Duration;
import java.util.Objects;

/**
 * {@code cache.judge}: which model alias judges grey-band misses in the background, where the grey band starts, and
 * the bounds on its calls. Off unless {@code alias} is set. Read at start only.
 *
 * @param alias          a configured model alias that judges, or null for off
 * @param floor          lowest cosine of a missed candidate worth judging: the grey band is [floor, serving rule)
 * @param maxPerMinute   judge calls in any minute
 * @param maxShare       judge calls as a share of semantic misses
 * @param dailyBudgetUsd dollars the judge may spend per UTC day
 * @param minYes         judged yeses a group needs before it serves a grey-band candidate below the serving rule
 * @param prompt         the question put to the judge
 * @param queueCapacity  grey-band misses waiting for the judge; beyond it they are dropped and counted
 * @param timeout        the longest one judge call may take before it counts as failed
 */
public record JudgeSettings(String alias, double floor, int maxPerMinute, double maxShare, double dailyBudgetUsd,
                            int minYes, JudgePrompt prompt, int queueCapacity, Duration timeout) {

    public static final double DEFAULT_FLOOR = 0.80;
    public static final int DEFAULT_MAX_PER_MINUTE = 60;
    /** The target: judge calls at most a fifth of misses. */
    public static final double DEFAULT_MAX_SHARE = 0.2;
    public static final double DEFAULT_DAILY_BUDGET_USD = 1.0;
    /**
     * One judged yes opens a group's grey band down to its similarity: the evaluator's pick for MiniLM on CLINC150
     * (bench/results/judge-20261206.md); noisier streams picked 2.
     */
    public static final int DEFAULT_MIN_YES = 1;
    public static final int DEFAULT_QUEUE_CAPACITY = 1_000;
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(20);
    public static final int MAX_QUEUE_CAPACITY = 1_000_000;

    public JudgeSettings {
        if (alias != null && alias.isBlank()) {
            alias = null;
        }
        Objects.requireNonNull(prompt, "prompt");
        if (!(floor > 0 && floor <= 1)) {
            throw new IllegalArgumentException("cache.judge.floor must be in (0, 1], got " + floor);
        }
        if (maxPerMinute < 1) {
            throw new IllegalArgumentException("cache.judge.max-per-minute must be at least 1, got " + maxPerMinute);
        }
        if (!(maxShare > 0 && maxShare <= 1)) {
            throw new IllegalArgumentException("cache.judge.max-share must be in (0, 1], got " + maxShare);
        }
        if (!(dailyBudgetUsd >= 0) || Double.isInfinite(dailyBudgetUsd)) {
            throw new IllegalArgumentException("cache.judge.daily-budget-usd must be a number >= 0, got "
                    + dailyBudgetUsd);
        }
        if (minYes < 1) {
            throw new IllegalArgumentException("cache.judge.min-yes must be at least 1, got " + minYes);
        }
        if (queueCapacity < 1 || queueCapacity > MAX_QUEUE_CAPACITY) {
            throw new IllegalArgumentException("cache.judge.queue-capacity must be between 1 and "
                    + MAX_QUEUE_CAPACITY + ", got " + queueCapacity);
        }
        if (timeout == null || timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("cache.judge.timeout must be > 0, got " + timeout);
        }
    }

    public static JudgeSettings defaults() {
        return new JudgeSettings(null, DEFAULT_FLOOR, DEFAULT_MAX_PER_MINUTE, DEFAULT_MAX_SHARE,
                DEFAULT_DAILY_BUDGET_USD, DEFAULT_MIN_YES, JudgePrompt.DEFAULT, DEFAULT_QUEUE_CAPACITY,
                DEFAULT_TIMEOUT);
    }

    public boolean enabled() {
        return alias != null;
    }
}
