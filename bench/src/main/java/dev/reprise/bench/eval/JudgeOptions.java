package dev.reprise.bench.eval;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The {@code --judge} part of {@code ./reprise eval}: the judge budgets and error rates to report, the verdicts'
 * delay, the namespace rule's error bounds, the rules to choose from on TUNE, the seed, and what a judge call costs.
 *
 * @param budgets   judge calls as a share of misses, one report row each
 * @param errors    judge error rates, one report row each (0 is a perfect judge)
 * @param delay     queries between a judge call and its verdict
 * @param maxErrors the namespace rule's bounds TUNE chooses from
 * @param rules     the rules TUNE chooses from
 * @param seed      seeds the noisy judge
 * @param pricing   tokens and prices of one judge call
 */
public record JudgeOptions(double[] budgets, double[] errors, int delay, double[] maxErrors, List<JudgeRule> rules,
                           long seed, Pricing pricing) {

    public static final String DEFAULT_BUDGETS = "0.05,0.1,0.2";
    public static final String DEFAULT_ERRORS = "0,0.02";
    public static final String DEFAULT_MAX_ERRORS = "0.005,0.01,0.02";
    /** A judge prompt (new question + cached question + cached answer) and a one-word verdict, at a cheap model's price. */
    public static final Pricing DEFAULT_PRICING = new Pricing(250, 5, 0.15, 0.60);

    public static final String USAGE = """
              --judge                replay with a simulated background judge on grey-band misses (issue 18)
              --judge-budget LIST    judge calls as a share of misses (default %s)
              --judge-error LIST     judge error rates; 0 is the intent labels (default %s)
              --judge-delay N        queries before a verdict lands (default %d)
              --max-error LIST       namespace rule: bound on the judged wrong share (default %s)
              --judge-rule LIST      group, namespace, both (default all; TUNE picks)
              --judge-seed N         seed of the noisy judge (default %d)
              --judge-tokens-in N --judge-tokens-out N --judge-price-in USD --judge-price-out USD
                                     per judge call / per 1M tokens (default %d + %d at $%s / $%s)
            """.formatted(DEFAULT_BUDGETS, DEFAULT_ERRORS, JudgeSetting.DEFAULT_DELAY, DEFAULT_MAX_ERRORS,
            JudgeSetting.DEFAULT_SEED, DEFAULT_PRICING.tokensIn(), DEFAULT_PRICING.tokensOut(),
            DEFAULT_PRICING.priceInPer1M(), DEFAULT_PRICING.priceOutPer1M());

    public static JudgeOptions defaults() {
        return new JudgeOptions(rates(DEFAULT_BUDGETS, "--judge-budget"), rates(DEFAULT_ERRORS, "--judge-error"),
                JudgeSetting.DEFAULT_DELAY, rates(DEFAULT_MAX_ERRORS, "--max-error"), List.of(JudgeRule.values()),
                JudgeSetting.DEFAULT_SEED, DEFAULT_PRICING);
    }

    /** Whether {@code option} belongs here (and takes a value). */
    static boolean owns(String option) {
        return option.startsWith("--judge-") || option.equals("--max-error");
    }

    /** This with {@code option} set to {@code value}; the caller has checked {@link #owns}. */
    JudgeOptions with(String option, String value) {
        return switch (option) {
            case "--judge-budget" -> new JudgeOptions(rates(value, option), errors, delay, maxErrors, rules, seed, pricing);
            case "--judge-error" -> new JudgeOptions(budgets, below1(rates(value, option), option), delay, maxErrors,
                    rules, seed, pricing);
            case "--judge-delay" -> {
                int d = Integer.parseInt(value.strip());
                if (d < 1) {
                    throw new EvalOptions.UsageException("--judge-delay must be at least 1, got " + value);
                }
                yield new JudgeOptions(budgets, errors, d, maxErrors, rules, seed, pricing);
            }
            case "--max-error" -> new JudgeOptions(budgets, errors, delay, positive(rates(value, option), option), rules,
                    seed, pricing);
            case "--judge-rule" -> new JudgeOptions(budgets, errors, delay, maxErrors,
                    Arrays.stream(value.split(",")).map(JudgeRule::parse).distinct().toList(), seed, pricing);
            case "--judge-seed" -> new JudgeOptions(budgets, errors, delay, maxErrors, rules, Long.parseLong(value.strip()),
                    pricing);
            case "--judge-tokens-in" -> priced(new Pricing(Long.parseLong(value), pricing.tokensOut(),
                    pricing.priceInPer1M(), pricing.priceOutPer1M()));
            case "--judge-tokens-out" -> priced(new Pricing(pricing.tokensIn(), Long.parseLong(value),
                    pricing.priceInPer1M(), pricing.priceOutPer1M()));
            case "--judge-price-in" -> priced(new Pricing(pricing.tokensIn(), pricing.tokensOut(),
                    Double.parseDouble(value), pricing.priceOutPer1M()));
            case "--judge-price-out" -> priced(new Pricing(pricing.tokensIn(), pricing.tokensOut(),
                    pricing.priceInPer1M(), Double.parseDouble(value)));
            default -> throw new EvalOptions.UsageException("unknown option " + option);
        };
    }

    private JudgeOptions priced(Pricing p) {
        return new JudgeOptions(budgets, errors, delay, maxErrors, rules, seed, p);
    }

    /** A comma list of rates in [0, 1], ascending and distinct. */
    static double[] rates(String list, String option) {
        List<Double> out = new ArrayList<>();
        for (String s : list.split(",")) {
            double r = Double.parseDouble(s.strip());
            if (!(r >= 0 && r <= 1)) {
                throw new EvalOptions.UsageException(option + " values must be between 0 and 1, got " + s.strip());
            }
            out.add(r);
        }
        return out.stream().mapToDouble(Double::doubleValue).sorted().distinct().toArray();
    }

    private static double[] below1(double[] rates, String option) {
        for (double r : rates) {
            if (r >= 1) {
                throw new EvalOptions.UsageException(option + " values must be below 1, got " + r);
            }
        }
        return rates;
    }

    private static double[] positive(double[] rates, String option) {
        for (double r : rates) {
            if (r <= 0 || r >= 1) {
                throw new EvalOptions.UsageException(option + " values must be in (0, 1), got " + r);
            }
        }
        return rates;
    }
}
