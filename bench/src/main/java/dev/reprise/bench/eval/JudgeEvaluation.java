package dev.reprise.bench.eval;

import dev.reprise.cache.HitPolicy;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Judges the background judge on each stream: picks the cosine decision's threshold on TUNE without a judge, then
 * for every judge error and budget picks each rule's floor and bound on TUNE (the most hits whose wrong share stays
 * under the limit), and reports those picks on the other split beside the decision without a judge.
 */
public final class JudgeEvaluation {

    /** Grey-band floors TUNE chooses from, as distances below the serving threshold. */
    static final double[] FLOOR_GAPS = {0.02, 0.04, 0.06, 0.08, 0.10, 0.13, 0.16, 0.20, 0.25, 0.30};
    static final double LOWEST_FLOOR = 0.5;

    private JudgeEvaluation() {
    }

    /**
     * @param base     the cosine decision the judge works under
     * @param verifier the verifier decision bound to a model, to report beside it; null for none
     */
    public static List<JudgeResult> run(String model, DecisionSetting base, DecisionSetting verifier, PreparedSet tune,
                                        PreparedSet report, EvalOptions options, Progress progress) {
        JudgeOptions judge = options.judge();
        List<JudgeResult> out = new ArrayList<>();
        for (StreamSimulation reportSim : report.streams()) {
            String name = dataSet(reportSim);
            StreamSimulation tuneSim = tune.streams().stream()
                    .filter(s -> dataSet(s).equals(name))
                    .findFirst().orElse(reportSim);
            Optional<Double> picked = pick(tuneSim, base, options);
            double t = picked.orElse(options.thresholds()[options.thresholds().length - 1]);
            HitPolicy policy = base.at(t);
            StreamMetrics baseline = metrics(reportSim, reportSim.run(policy), options);
            Double oracle = pick(reportSim, base, options).orElse(null);
            StreamMetrics atOracle = oracle == null ? null : metrics(reportSim, reportSim.run(base.at(oracle)), options);
            Double verifierPick = null;
            StreamMetrics verified = null;
            if (verifier != null) {
                verifierPick = pick(tuneSim, verifier, options).orElse(null);
                if (verifierPick != null) {
                    verified = metrics(reportSim, reportSim.run(verifier.at(verifierPick), verifier.verifier()), options);
                }
            }
            JudgeSimulation tuneJudge = new JudgeSimulation(tuneSim);
            JudgeSimulation reportJudge = new JudgeSimulation(reportSim);
            List<JudgeResult.Row> rows = new ArrayList<>();
            int steps = judge.errors().length * judge.budgets().length;
            progress.start("judge on " + name + " (" + model + ")", steps);
            for (double error : judge.errors()) {
                for (double budget : judge.budgets()) {
                    rows.addAll(rowsAt(error, budget, t, policy, tuneJudge, reportJudge, baseline, options));
                    progress.advance(1);
                }
            }
            progress.finish();
            out.add(new JudgeResult(model, name, base, picked.orElse(null), baseline, oracle, atOracle, verifierPick,
                    verified, rows));
        }
        return out;
    }

    private static List<JudgeResult.Row> rowsAt(double error, double budget, double t, HitPolicy policy,
                                                JudgeSimulation tune, JudgeSimulation report, StreamMetrics baseline,
                                                EvalOptions options) {
        JudgeOptions judge = options.judge();
        List<JudgeResult.Row> rows = new ArrayList<>();
        long bestHits = -1;
        int winner = -1;
        for (JudgeRule rule : judge.rules()) {
            JudgeSetting best = null;
            StreamMetrics bestTune = null;
            long bestRuleHits = -1;
            long bestCalls = Long.MAX_VALUE;
            for (JudgeSetting s : candidates(rule, error, budget, t, judge)) {
                JudgeSimulation.Run run = tune.run(policy, s);
                StreamMetrics m = metrics(tune.base(), run.outcomes(), options);
                if (m.wrongShare() > options.maxFalseHits()) {
                    continue;
                }
                // The most hits; at equal hits, the fewer judge calls.
                if (m.hits() > bestRuleHits || m.hits() == bestRuleHits && run.judgeCalls() < bestCalls) {
                    best = s;
                    bestTune = m;
                    bestRuleHits = m.hits();
                    bestCalls = run.judgeCalls();
                }
            }
            JudgeSimulation.Run reported = best == null ? null : report.run(policy, best);
            StreamMetrics m = reported == null ? baseline : metrics(report.base(), reported.outcomes(), options);
            rows.add(new JudgeResult.Row(error, budget, rule, best, bestTune, m, reported, false));
            if (best != null && bestRuleHits > bestHits) {
                bestHits = bestRuleHits;
                winner = rows.size() - 1;
            }
        }
        if (winner >= 0) {
            JudgeResult.Row w = rows.get(winner);
            rows.set(winner, new JudgeResult.Row(w.error(), w.budget(), w.rule(), w.setting(), w.tune(), w.report(),
                    w.run(), true));
        }
        return rows;
    }

    static List<JudgeSetting> candidates(JudgeRule rule, double error, double budget, double t, JudgeOptions judge) {
        List<JudgeSetting> out = new ArrayList<>();
        for (double floor : floors(t, judge)) {
            int[] minYes = rule.usesGroups() ? judge.minYes() : new int[] {1};
            double[] maxErrors = rule.usesNamespace() ? judge.maxErrors() : new double[] {judge.maxErrors()[0]};
            for (int y : minYes) {
                for (double maxError : maxErrors) {
                    out.add(new JudgeSetting(rule, floor, budget, judge.delay(), error, maxError, y, judge.seed()));
                }
            }
        }
        return out;
    }

    /** The given floors below {@code t}, or {@code t} minus each gap down to {@link #LOWEST_FLOOR}. */
    private static List<Double> floors(double t, JudgeOptions judge) {
        List<Double> out = new ArrayList<>();
        if (judge.floors() != null) {
            for (double f : judge.floors()) {
                if (f < t) {
                    out.add(f);
                }
            }
            return out;
        }
        for (double gap : FLOOR_GAPS) {
            double floor = Math.round((t - gap) * 10_000) / 10_000.0;
            if (floor >= LOWEST_FLOOR) {
                out.add(floor);
            }
        }
        return out;
    }

    private static Optional<Double> pick(StreamSimulation tune, DecisionSetting decision, EvalOptions options) {
        List<CurvePoint> curve = new ArrayList<>();
        for (double t : options.thresholds()) {
            curve.add(new CurvePoint(t, metrics(tune, tune.run(decision.at(t), decision.verifier()), options),
                    PairMetrics.EMPTY));
        }
        return ThresholdRecommender.recommend(curve, options.maxFalseHits());
    }

    /** {@code clinc150} for the stream {@code held-out/clinc150}: the same data set on either split. */
    private static String dataSet(StreamSimulation sim) {
        return sim.stream().name().replaceFirst("^.*/", "");
    }

    private static StreamMetrics metrics(StreamSimulation sim, List<LookupOutcome> outcomes, EvalOptions options) {
        return StreamMetrics.of(sim.stream().queries(), outcomes, options.pricing());
    }
}
