package dev.reprise.gateway.shadow;

import dev.reprise.gateway.config.ConfigValues;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@code shadow:} with {@code models[].shadow}: which candidates get a copy of which alias's requests, and the bounds
 * that stop shadow calls before anything of a client's is touched: their own rate limit and daily budget, a bounded
 * queue and a few workers. Read at start only.
 *
 * @param targets           each primary alias's candidates (from {@code models[].shadow}), by primary alias
 * @param requestsPerMinute shadow calls in any minute, over all candidates
 * @param dailyBudgetUsd    dollars shadow calls may spend per UTC day
 * @param queueCapacity     shadow calls waiting for a worker; beyond it they are dropped and counted
 * @param concurrency       shadow calls in flight at once
 * @param timeout           the longest one shadow call may take before it counts as failed
 * @param similarityBar     the answer similarity at or above which the report counts two answers as alike
 */
public record ShadowSettings(Map<String, List<ShadowTarget>> targets, int requestsPerMinute, double dailyBudgetUsd,
                             int queueCapacity, int concurrency, Duration timeout, double similarityBar) {

    public static final int DEFAULT_REQUESTS_PER_MINUTE = 60;
    public static final double DEFAULT_DAILY_BUDGET_USD = 1.0;
    public static final int DEFAULT_QUEUE_CAPACITY = 100;
    public static final int MAX_QUEUE_CAPACITY = 100_000;
    public static final int DEFAULT_CONCURRENCY = 2;
    public static final int MAX_CONCURRENCY = 64;
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(60);
    /** MiniLM cosines of two answers to one question: about 0.8 and up read as the same answer in other words. */
    public static final double DEFAULT_SIMILARITY_BAR = 0.8;

    public ShadowSettings {
        Map<String, List<ShadowTarget>> copy = new TreeMap<>();
        targets.forEach((alias, list) -> copy.put(alias, List.copyOf(list)));
        targets = Map.copyOf(copy);
        if (requestsPerMinute < 1) {
            throw new IllegalArgumentException("shadow.requests-per-minute must be at least 1, got "
                    + requestsPerMinute);
        }
        if (!(dailyBudgetUsd >= 0) || Double.isInfinite(dailyBudgetUsd)) {
            throw new IllegalArgumentException("shadow.daily-budget-usd must be a number >= 0, got " + dailyBudgetUsd);
        }
        if (queueCapacity < 1 || queueCapacity > MAX_QUEUE_CAPACITY) {
            throw new IllegalArgumentException("shadow.queue-capacity must be between 1 and " + MAX_QUEUE_CAPACITY
                    + ", got " + queueCapacity);
        }
        if (concurrency < 1 || concurrency > MAX_CONCURRENCY) {
            throw new IllegalArgumentException("shadow.concurrency must be between 1 and " + MAX_CONCURRENCY
                    + ", got " + concurrency);
        }
        if (timeout == null || timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("shadow.timeout must be > 0, got " + timeout);
        }
        if (!(similarityBar >= -1 && similarityBar <= 1)) {
            throw new IllegalArgumentException("shadow.similarity-bar must be in [-1, 1], got " + similarityBar);
        }
    }

    public static ShadowSettings defaults() {
        return new ShadowSettings(Map.of(), DEFAULT_REQUESTS_PER_MINUTE, DEFAULT_DAILY_BUDGET_USD,
                DEFAULT_QUEUE_CAPACITY, DEFAULT_CONCURRENCY, DEFAULT_TIMEOUT, DEFAULT_SIMILARITY_BAR);
    }

    /** Whether any alias has a candidate. */
    public boolean enabled() {
        return !targets.isEmpty();
    }

    /** The alias's candidates, or none. */
    public List<ShadowTarget> of(String alias) {
        return alias == null ? List.of() : targets.getOrDefault(alias, List.of());
    }

    /** These bounds with the candidates {@code models[].shadow} names. */
    public ShadowSettings withTargets(Map<String, List<ShadowTarget>> byAlias) {
        return new ShadowSettings(byAlias, requestsPerMinute, dailyBudgetUsd, queueCapacity, concurrency, timeout,
                similarityBar);
    }

    /** The YAML shape of {@code shadow:}; every key is optional. */
    public record Yaml(Integer requestsPerMinute, Double dailyBudgetUsd, Integer queueCapacity, Integer concurrency,
                       String timeout, Double similarityBar) {

        public static ShadowSettings resolve(Yaml y) {
            ShadowSettings d = defaults();
            if (y == null) {
                return d;
            }
            return new ShadowSettings(Map.of(),
                    y.requestsPerMinute == null ? d.requestsPerMinute() : y.requestsPerMinute,
                    y.dailyBudgetUsd == null ? d.dailyBudgetUsd() : y.dailyBudgetUsd,
                    y.queueCapacity == null ? d.queueCapacity() : y.queueCapacity,
                    y.concurrency == null ? d.concurrency() : y.concurrency,
                    ConfigValues.positiveDuration("shadow.timeout", y.timeout, d.timeout()),
                    y.similarityBar == null ? d.similarityBar() : y.similarityBar);
        }
    }
}
