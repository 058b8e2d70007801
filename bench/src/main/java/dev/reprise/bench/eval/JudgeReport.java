package dev.reprise.bench.eval;

import static dev.reprise.bench.eval.EvalReport.fmt;
import static dev.reprise.bench.eval.EvalReport.pct;

import java.util.ArrayList;
import java.util.List;

/**
 * Renders the judge evaluation: per stream, the decisions without a judge, then each judge error, budget and rule
 * with its TUNE pick, hits, wrong hits, judge calls, the hits its verdicts unlocked, and its cost against the
 * savings of the extra hits.
 */
public final class JudgeReport {

    private final List<JudgeResult> results;
    private final EvalOptions options;

    public JudgeReport(List<JudgeResult> results, EvalOptions options) {
        this.results = List.copyOf(results);
        this.options = options;
    }

    public String text() {
        return render(false);
    }

    public String markdown() {
        return render(true);
    }

    private String render(boolean markdown) {
        JudgeOptions judge = options.judge();
        StringBuilder out = new StringBuilder();
        out.append(markdown ? "## " : "== ").append("Background judge (issue 18)").append(markdown ? "\n\n" : " ==\n");
        String split = options.defaultSuite() ? "TUNE" : "the input";
        out.append("Judge settings picked on ").append(split).append(" (most hits with wrong hits <= ")
                .append(fmt(pct(options.maxFalseHits()), 2)).append("% of hits), figures on ")
                .append(options.defaultSuite() ? "HELD-OUT" : "the same input").append("; verdicts land ")
                .append(judge.delay()).append(" queries later; a judge call costs ").append(judge.pricing().tokensIn())
                .append(" + ").append(judge.pricing().tokensOut()).append(" tokens at $")
                .append(judge.pricing().priceInPer1M()).append(" / $").append(judge.pricing().priceOutPer1M())
                .append(" per 1M, a hit saves $").append(fmt(options.pricing().dollarsPerRequest(), 5))
                .append(". * = the rule with the most TUNE hits.\n").append(markdown ? "\n" : "");
        for (JudgeResult r : results) {
            out.append(markdown ? "### " : "-- ").append(r.stream()).append(" (").append(r.model()).append(", ")
                    .append(r.base().name()).append(" at ")
                    .append(r.baseThreshold() == null ? "none under the limit" : fmt(r.baseThreshold(), 2))
                    .append(")").append(markdown ? "\n\n" : "\n");
            out.append(EvalReport.table(header(), rows(r), markdown)).append('\n');
        }
        return out.toString();
    }

    private static List<String> header() {
        return List.of("judge", "budget", "rule (TUNE pick)", "TUNE hit % (wrong %)", "hit %", "wrong % of hits", "hits", "x no judge",
                "judge calls", "calls % of misses", "unlocked (wrong)", "judge $", "extra hits $");
    }

    private List<List<String>> rows(JudgeResult r) {
        List<List<String>> rows = new ArrayList<>();
        StreamMetrics b = r.baseline();
        rows.add(List.of("none", "-", r.base().name() + " t=" + (r.baseThreshold() == null ? "none" : fmt(r.baseThreshold(), 2)),
                "-", fmt(pct(b.hitRate()), 1), fmt(pct(b.wrongShare()), 2), Long.toString(b.hits()), "1.00", "0", "-", "-",
                "-", "-"));
        if (r.oracle() != null) {
            StreamMetrics o = r.oracle();
            rows.add(List.of("none", "-", r.base().name() + " t=" + fmt(r.oracleThreshold(), 2) + " (the report split's own pick)",
                    "-", fmt(pct(o.hitRate()), 1), fmt(pct(o.wrongShare()), 2), Long.toString(o.hits()),
                    ratio(o.hits(), b.hits()), "0", "-", "-", "-", "-"));
        }
        if (r.verifier() != null) {
            StreamMetrics v = r.verifier();
            rows.add(List.of("none", "-", "verifier p=" + fmt(r.verifierPick(), 2), "-", fmt(pct(v.hitRate()), 1),
                    fmt(pct(v.wrongShare()), 2), Long.toString(v.hits()), ratio(v.hits(), b.hits()), "0", "-", "-",
                    "-", "-"));
        }
        for (JudgeResult.Row row : r.rows()) {
            String rule = (row.winner() ? "*" : "") + row.rule().id() + ": "
                    + (row.setting() == null ? "none under the limit" : row.setting().describe());
            StreamMetrics m = row.report();
            JudgeSimulation.Run run = row.run();
            String judgeLabel = row.error() == 0 ? "perfect" : fmt(pct(row.error()), 1) + "% wrong";
            if (run == null) {
                rows.add(List.of(judgeLabel, fmt(pct(row.budget()), 0) + "%", rule, "-", "-", "-", "-", "-", "-", "-",
                        "-", "-", "-"));
                continue;
            }
            double judgeDollars = run.judgeCalls() * options.judge().pricing().dollarsPerRequest();
            double extraDollars = (m.hits() - b.hits()) * options.pricing().dollarsPerRequest();
            String tune = fmt(pct(row.tune().hitRate()), 1) + " (" + fmt(pct(row.tune().wrongShare()), 2) + ")";
            rows.add(List.of(judgeLabel, fmt(pct(row.budget()), 0) + "%", rule, tune, fmt(pct(m.hitRate()), 1),
                    fmt(pct(m.wrongShare()), 2), Long.toString(m.hits()), ratio(m.hits(), b.hits()),
                    Long.toString(run.judgeCalls()), fmt(pct(run.misses() == 0 ? 0 : (double) run.judgeCalls() / run.misses()), 1),
                    run.unlocked() + " (" + run.unlockedWrong() + ")", fmt(judgeDollars, 3), fmt(extraDollars, 2)));
        }
        return rows;
    }

    private static String ratio(long a, long b) {
        return b == 0 ? "-" : fmt((double) a / b, 2);
    }
}
