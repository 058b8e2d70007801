package dev.reprise.bench.eval;

/**
 * One configuration of the simulated background judge: which lookups it is asked about, how often, how late its
 * verdicts land, how often it is wrong, and how its verdicts change later decisions.
 *
 * @param rule       how verdicts turn later grey-band candidates into hits
 * @param floor      lowest cosine of the grey band; the band is [floor, serving threshold)
 * @param budget     judge calls stay at or under this share of the misses so far, in [0, 1]
 * @param delay      a verdict asked at query i lands before query i + delay, at least 1
 * @param error      probability that the judge's verdict is flipped, in [0, 1); 0 is the intent labels
 * @param maxError   {@link JudgeRule#NAMESPACE}: the upper confidence bound on the judged wrong share a bar must keep
 * @param minYes     {@link JudgeRule#GROUP}: judged yes verdicts a group needs before its own bar serves
 * @param seed       seeds the noisy judge
 */
public record JudgeSetting(JudgeRule rule, double floor, double budget, int delay, double error, double maxError,
                           int minYes, long seed) {

    public static final int DEFAULT_DELAY = 20;
    public static final long DEFAULT_SEED = 18;

    public JudgeSetting {
        if (rule == null) {
            throw new IllegalArgumentException("rule is required");
        }
        if (!(floor >= 0 && floor <= 1)) {
            throw new IllegalArgumentException("floor must be between 0 and 1, got " + floor);
        }
        if (!(budget >= 0 && budget <= 1)) {
            throw new IllegalArgumentException("judge budget must be between 0 and 1, got " + budget);
        }
        if (delay < 1) {
            throw new IllegalArgumentException("judge delay must be at least 1 query, got " + delay);
        }
        if (!(error >= 0 && error < 1)) {
            throw new IllegalArgumentException("judge error must be in [0, 1), got " + error);
        }
        if (!(maxError > 0 && maxError < 1)) {
            throw new IllegalArgumentException("max error must be in (0, 1), got " + maxError);
        }
        if (minYes < 1) {
            throw new IllegalArgumentException("minYes must be at least 1, got " + minYes);
        }
    }

    /** One line for reports. */
    public String describe() {
        String how = switch (rule) {
            case GROUP -> "group bar, " + minYes + " yes";
            case NAMESPACE -> "namespace bar, UCB <= " + EvalReport.fmt(EvalReport.pct(maxError), 1) + "%";
            case BOTH -> "group (" + minYes + " yes) or namespace (UCB <= "
                    + EvalReport.fmt(EvalReport.pct(maxError), 1) + "%)";
        };
        return how + ", floor " + EvalReport.fmt(floor, 2);
    }
}
