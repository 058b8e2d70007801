package dev.reprise.bench.eval;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.SerializationFeature;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Renders evaluation results as plain-text tables, markdown and JSON. */
public final class EvalReport {

    private final List<DecisionResult> results;
    private final EvalOptions options;

    public EvalReport(List<DecisionResult> results, EvalOptions options) {
        this.results = List.copyOf(results);
        this.options = options;
    }

    /** Plain text for a terminal or a CI log: each sweep, then the summary. */
    public String text() {
        StringBuilder out = new StringBuilder();
        for (DecisionResult r : results) {
            out.append("== ").append(r.model()).append(" / ").append(r.decision().name()).append(": ")
                    .append(r.decision().description()).append(" ==\n");
            out.append("sweep on ").append(r.reportLabel()).append(" (streams and pairs pooled)\n");
            out.append(table(sweepHeader(), sweepRows(r.reportCurve()), false));
            out.append(recommendationLine(r)).append('\n');
            r.streamsAt().forEach((name, m) -> out.append(String.format(Locale.ROOT,
                    "  %-26s hit %5.1f%%  wrong %5.2f%% of hits  ideal %5.1f%%  hits/ideal %5.1f%%  guard rejections %d (%d same intent)%n",
                    name, pct(m.hitRate()), pct(m.wrongShare()), pct(m.idealRate()), pct(m.shareOfIdeal()),
                    m.guardRejections(), m.guardFalseRejections())));
            r.pairsAt().forEach((name, m) -> out.append(String.format(Locale.ROOT,
                    "  %-26s recall %5.1f%%  false hits %5.2f%%  ROC AUC %.3f%n",
                    name, pct(m.recall()), pct(m.falseHitRate()), r.auc().getOrDefault(name, Double.NaN))));
            if (r.verified() != null) {
                StreamMetrics v = r.verified();
                out.append(String.format(Locale.ROOT,
                        "  real Lucene replay: hit %5.1f%%  wrong %5.2f%% of hits  hits/ideal %5.1f%%%n",
                        pct(v.hitRate()), pct(v.wrongShare()), pct(v.shareOfIdeal())));
            }
            out.append('\n');
        }
        out.append("== summary: threshold picked on ").append(results.isEmpty() ? "-" : results.getFirst().tuneLabel())
                .append(" with ").append(limitText()).append(", figures on ")
                .append(results.isEmpty() ? "-" : results.getFirst().reportLabel()).append(" ==\n");
        out.append(table(summaryHeader(), summaryRows(), false));
        return out.toString();
    }

    public String markdown(String title) {
        StringBuilder out = new StringBuilder("# ").append(title).append("\n\n");
        out.append("Threshold picked on **").append(results.isEmpty() ? "-" : results.getFirst().tuneLabel())
                .append("** with ").append(limitText()).append("; figures on **")
                .append(results.isEmpty() ? "-" : results.getFirst().reportLabel()).append("**. Savings assume ")
                .append(options.pricing().tokensIn()).append(" + ").append(options.pricing().tokensOut())
                .append(" tokens per request at $").append(options.pricing().priceInPer1M()).append(" / $")
                .append(options.pricing().priceOutPer1M()).append(" per 1M.\n\n");
        out.append(table(summaryHeader(), summaryRows(), true)).append('\n');
        for (DecisionResult r : results) {
            out.append("## ").append(r.model()).append(" / ").append(r.decision().name()).append("\n\n")
                    .append(r.decision().description()).append(". ").append(recommendationLine(r)).append("\n\n");
            out.append(table(sweepHeader(), sweepRows(r.reportCurve()), true)).append('\n');
        }
        return out.toString();
    }

    public String json() {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("maxFalseHits", options.maxFalseHits());
        root.put("pricing", options.pricing());
        List<Object> list = new ArrayList<>();
        for (DecisionResult r : results) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("model", r.model());
            m.put("decision", r.decision().name());
            m.put("tuneSplit", r.tuneLabel());
            m.put("reportSplit", r.reportLabel());
            m.put("recommendedThreshold", r.recommended());
            m.put("atRecommended", r.atRecommended() == null ? null : point(r.atRecommended()));
            Map<String, Object> streams = new LinkedHashMap<>();
            r.streamsAt().forEach((k, v) -> streams.put(k, streamJson(v)));
            m.put("streamsAtRecommended", streams);
            Map<String, Object> pairs = new LinkedHashMap<>();
            r.pairsAt().forEach((k, v) -> pairs.put(k, pairJson(v)));
            m.put("pairsAtRecommended", pairs);
            m.put("auc", r.auc());
            m.put("heldOutBestUnderLimit", r.oracle() == null ? null : point(r.oracle()));
            m.put("verifiedReplay", r.verified() == null ? null : streamJson(r.verified()));
            m.put("tuneCurve", r.tuneCurve().stream().map(EvalReport::point).toList());
            m.put("reportCurve", r.reportCurve().stream().map(EvalReport::point).toList());
            list.add(m);
        }
        root.put("results", list);
        try {
            return Jsonl.MAPPER.copy().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(root);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private String limitText() {
        return "wrong hits <= " + fmt(pct(options.maxFalseHits()), 2) + "% of hits (pairs only: false-hit rate)";
    }

    private String recommendationLine(DecisionResult r) {
        String metric = ThresholdRecommender.metricName(r.tuneCurve());
        if (r.recommended() == null) {
            return "no threshold keeps " + metric + " <= " + fmt(pct(options.maxFalseHits()), 2) + "% on "
                    + r.tuneLabel();
        }
        return "recommended threshold " + r.recommended() + " (lowest on " + r.tuneLabel() + " with " + metric
                + " <= " + fmt(pct(options.maxFalseHits()), 2) + "% there and above)";
    }

    private static List<String> sweepHeader() {
        return List.of("t", "hit %", "exact %", "wrong % of hits", "ideal %", "hits/ideal %", "right/ideal %",
                "guard rej (same intent)", "pair recall %", "pair false-hit %", "$ saved");
    }

    private static List<List<String>> sweepRows(List<CurvePoint> curve) {
        List<List<String>> rows = new ArrayList<>();
        for (CurvePoint p : curve) {
            StreamMetrics s = p.streams();
            PairMetrics q = p.pairs();
            rows.add(List.of(fmt(p.threshold(), 2), fmt(pct(s.hitRate()), 1),
                    fmt(pct(s.queries() == 0 ? 0 : (double) s.exactHits() / s.queries()), 1),
                    fmt(pct(s.wrongShare()), 2), fmt(pct(s.idealRate()), 1), fmt(pct(s.shareOfIdeal()), 1),
                    fmt(pct(s.rightShareOfIdeal()), 1), s.guardRejections() + " (" + s.guardFalseRejections() + ")",
                    fmt(pct(q.recall()), 1), fmt(pct(q.falseHitRate()), 2), fmt(s.dollarsSaved(), 2)));
        }
        return rows;
    }

    private static List<String> summaryHeader() {
        return List.of("model", "decision", "t", "hit %", "wrong % of hits", "hits/ideal %", "pair recall %",
                "pair false-hit %", "pair AUC", "tokens saved", "$ saved", "best hits/ideal % under limit (t)");
    }

    private List<List<String>> summaryRows() {
        List<List<String>> rows = new ArrayList<>();
        for (DecisionResult r : results) {
            CurvePoint p = r.atRecommended();
            double auc = r.auc().values().stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
            String oracle = r.oracle() == null ? "none"
                    : fmt(pct(r.oracle().streams().shareOfIdeal()), 1) + " (" + fmt(r.oracle().threshold(), 2) + ")";
            if (p == null) {
                rows.add(List.of(r.model(), r.decision().name(), "none", "-", "-", "-", "-", "-", fmt(auc, 3), "-",
                        "-", oracle));
                continue;
            }
            rows.add(List.of(r.model(), r.decision().name(), fmt(p.threshold(), 2), fmt(pct(p.streams().hitRate()), 1),
                    fmt(pct(p.streams().wrongShare()), 2), fmt(pct(p.streams().shareOfIdeal()), 1),
                    fmt(pct(p.pairs().recall()), 1), fmt(pct(p.pairs().falseHitRate()), 2), fmt(auc, 3),
                    Long.toString(p.streams().tokensSaved()), fmt(p.streams().dollarsSaved(), 2), oracle));
        }
        return rows;
    }

    static Map<String, Object> point(CurvePoint p) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("threshold", p.threshold());
        m.put("streams", streamJson(p.streams()));
        m.put("pairs", pairJson(p.pairs()));
        return m;
    }

    static Map<String, Object> streamJson(StreamMetrics s) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("queries", s.queries());
        m.put("exactHits", s.exactHits());
        m.put("semanticHits", s.semanticHits());
        m.put("wrongHits", s.wrongHits());
        m.put("ideal", s.ideal());
        m.put("hitRate", s.hitRate());
        m.put("wrongShareOfHits", s.wrongShare());
        m.put("idealRate", s.idealRate());
        m.put("hitsShareOfIdeal", s.shareOfIdeal());
        m.put("rightHitsShareOfIdeal", s.rightShareOfIdeal());
        m.put("guardRejections", s.guardRejections());
        m.put("guardRejectionsSameIntent", s.guardFalseRejections());
        m.put("tokensSaved", s.tokensSaved());
        m.put("dollarsSaved", s.dollarsSaved());
        return m;
    }

    static Map<String, Object> pairJson(PairMetrics p) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("same", p.same());
        m.put("different", p.different());
        m.put("recall", p.recall());
        m.put("falseHitRate", p.falseHitRate());
        return m;
    }

    /** A table with columns padded to their widest cell; markdown adds pipes and a rule. */
    static String table(List<String> header, List<List<String>> rows, boolean markdown) {
        int[] width = new int[header.size()];
        for (int c = 0; c < header.size(); c++) {
            width[c] = header.get(c).length();
            for (List<String> row : rows) {
                width[c] = Math.max(width[c], row.get(c).length());
            }
        }
        StringBuilder out = new StringBuilder();
        appendRow(out, header, width, markdown);
        if (markdown) {
            List<String> rule = new ArrayList<>();
            for (int w : width) {
                rule.add("-".repeat(w));
            }
            appendRow(out, rule, width, true);
        }
        for (List<String> row : rows) {
            appendRow(out, row, width, markdown);
        }
        return out.toString();
    }

    private static void appendRow(StringBuilder out, List<String> cells, int[] width, boolean markdown) {
        if (markdown) {
            out.append("| ");
        }
        for (int c = 0; c < cells.size(); c++) {
            String cell = cells.get(c);
            out.append(c < 2 ? padRight(cell, width[c]) : padLeft(cell, width[c]));
            out.append(c + 1 < cells.size() ? (markdown ? " | " : "  ") : (markdown ? " |" : ""));
        }
        out.append('\n');
    }

    private static String padRight(String s, int w) {
        return s + " ".repeat(w - s.length());
    }

    private static String padLeft(String s, int w) {
        return " ".repeat(w - s.length()) + s;
    }

    static double pct(double rate) {
        return rate * 100;
    }

    static String fmt(double value, int decimals) {
        return Double.isNaN(value) ? "-" : String.format(Locale.ROOT, "%." + decimals + "f", value);
    }
}
