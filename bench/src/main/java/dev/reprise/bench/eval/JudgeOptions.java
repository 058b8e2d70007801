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
 * @param floors    the grey-band floors TUNE chooses from, or null for the serving threshold minus each of
 *                  {@link JudgeEvaluation#FLOOR_GAPS}
 * @param minYes    the group rule's yes counts TUNE chooses from
 * @param seed      seeds the noisy judge
 * @param pricing   tokens and prices of one judge call
 */
public record JudgeOptions(double[] budgets, double[] errors, int delay, double[] maxErrors, List<JudgeRule> rules,
                           double[] floors, int[] minYes, long seed, Pricing pricing) {

    public static final String DEFAULT_BUDGETS = "0.05,0.1,0.2";
    public static final String DEFAULT_ERRORS = "0,0.02";
    public static final String DEFAULT_MAX_ERRORS = "0.005,0.01,0.02";
    public static final String DEFAULT_MIN_YES = "1,2,3";
    /** A judge prompt (new question + cached question + cached answer) and a one-word verdict, at a cheap model's price. */
    public static final Pricing DEFAULT_PRICING = new Pricing(250, 5, 0.15, 0.60);

    public static final String USAGE = """
              --judge                replay with a simulated background judge on grey-band misses (issue 18)
              --judge-budget LIST    judge calls as a share of misses (default %s)
              --judge-error LIST     judge error rates; 0 is the intent labels (default %s)
              --judge-delay N        queries before a verdict lands (default %d)
              --max-error LIST       namespace rule: bound on the judged wrong share (default %s)
              --judge-rule LIST      group, namespace, both (default all; TUNE picks)
              --judge-floor LIST     grey-band floors, cosines (default the threshold minus 0.02 ... 0.30; TUNE picks)
              --judge-min-yes LIST   group rule: yes verdicts a group needs (default %s; TUNE picks)
              --judge-seed N         seed of the noisy judge (default %d)
              --judge-tokens-in N --judge-tokens-out N --judge-price-in USD --judge-price-out USD
                                     per judge call / per 1M tokens (default %d + %d at $%s / $%s)
            """.formatted(DEFAULT_BUDGETS, DEFAULT_ERRORS, JudgeSetting.DEFAULT_DELAY, DEFAULT_MAX_ERRORS,
            DEFAULT_MIN_YES, JudgeSetting.DEFAULT_SEED, DEFAULT_PRICING.tokensIn(), DEFAULT_PRICING.tokensOut(),
            DEFAULT_PRICING.priceInPer1M(), DEFAULT_PRICING.priceOutPer1M());

    public static JudgeOptions defaults() {
        return new JudgeOptions(rates(DEFAULT_BUDGETS, "--judge-budget"), rates(DEFAULT_ERRORS, "--judge-error"),
                JudgeSetting.DEFAULT_DELAY, rates(DEFAULT_MAX_ERRORS, "--max-error"), List.of(JudgeRule.values()),
                null, counts(DEFAULT_MIN_YES, "--judge-min-yes"), JudgeSetting.DEFAULT_SEED, DEFAULT_PRICING);
    }

    /** Whether {@code option} belongs here (and takes a value). */
    static boolean owns(String option) {
        return option.startsWith("--judge-") || option.equals("--max-error");
    }

    /** This with {@code option} set to {@code value}; the caller has checked {@link #owns}. */
    JudgeOptions with(String option, String value) {
        Builder b = new Builder(this);
        switch (option) {
            case "--judge-budget" -> b.budgets = rates(value, option);
            case "--judge-error" -> b.errors = below1(rates(value, option), option);
            case "--judge-delay" -> {
                b.delay = Integer.parseInt(value.strip());
                if (b.delay < 1) {
                    throw new EvalOptions.UsageException("--judge-delay must be at least 1, got " + value);
                }
            }
            case "--max-error" -> b.maxErrors = positive(rates(value, option), option);
            case "--judge-rule" -> b.rules = Arrays.stream(value.split(",")).map(JudgeRule::parse).distinct().toList();
            case "--judge-floor" -> b.floors = rates(value, option);
            case "--judge-min-yes" -> b.minYes = counts(value, option);
            case "--judge-seed" -> b.seed = Long.parseLong(value.strip());
            case "--judge-tokens-in" -> b.pricing = new Pricing(Long.parseLong(value), pricing.tokensOut(),
                    pricing.priceInPer1M(), pricing.priceOutPer1M());
            case "--judge-tokens-out" -> b.pricing = new Pricing(pricing.tokensIn(), Long.parseLong(value),
                    pricing.priceInPer1M(), pricing.priceOutPer1M());
            case "--judge-price-in" -> b.pricing = new Pricing(pricing.tokensIn(), pricing.tokensOut(),
                    Double.parseDouble(value), pricing.priceOutPer1M());
            case "--judge-price-out" -> b.pricing = new Pricing(pricing.tokensIn(), pricing.tokensOut(),
                    pricing.priceInPer1M(), Double.parseDouble(value));
            default -> throw new EvalOptions.UsageException("unknown option " + option);
        }
        return b.build();
    }

    /** The fields while one option changes. */
    private static final class Builder {
        double[] budgets;
        double[] errors;
        double[] maxErrors;
        double[] floors;
        int[] minYes;
        int delay;
        List<JudgeRule> rules;
        long seed;
        Pricing pricing;

        Builder(JudgeOptions o) {
            budgets = o.budgets;
            errors = o.errors;
            delay = o.delay;
            maxErrors = o.maxErrors;
            rules = o.rules;
            floors = o.floors;
            minYes = o.minYes;
            seed = o.seed;
            pricing = o.pricing;
        }

        JudgeOptions build() {
            return new JudgeOptions(budgets, errors, delay, maxErrors, rules, floors, minYes, seed, pricing);
        }
    }

    private static int[] counts(String list, String option) {
        int[] out = Arrays.stream(list.split(",")).mapToInt(v -> Integer.parseInt(v.strip())).sorted().distinct()
                .toArray();
        for (int c : out) {
            if (c < 1) {
                throw new EvalOptions.UsageException(option + " values must be at least 1, got " + c);
            }
        }
        return out;
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
