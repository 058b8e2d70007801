package dev.reprise.bench.compare;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The comparison written out: the per-arm table (markdown, for stdout and the top of the report), and the whole
 * report in markdown and in HTML, each request with every arm's answer next to the others.
 *
 * @param title       the report's heading
 * @param settings    one line on what ran: input, gateway, streaming, reference, threshold
 * @param prompts     the requests, in input order
 * @param arms        the columns
 * @param reference   the arm the others are compared with
 * @param store       the results
 * @param similarity  each arm's similarity to the reference by request key
 * @param verdicts    each arm's judge verdicts by request key, or null without a judge
 * @param summaries   one per arm, in column order
 * @param similarAt   the threshold of the "alike" share
 * @param judgeAlias  the alias that judged, or null
 */
public record CompareReport(String title, String settings, List<ComparePrompt> prompts, List<Arm> arms, Arm reference,
                            ResultStore store, Map<String, Map<String, Double>> similarity,
                            Map<String, Map<String, JudgeVerdict>> verdicts, List<ArmSummary> summaries,
                            double similarAt, String judgeAlias) {

    /** The side-by-side table of figures, one row per arm. */
    public String table() {
        StringBuilder out = new StringBuilder();
        out.append("| alias | requests | errors | latency p50 ms | p95 ms | TTFT p50 ms | p95 ms | input tokens "
                + "| output tokens | cost USD | similarity to ").append(cell(reference.name()))
                .append(" | share >= ").append(num(similarAt, 2)).append(" |");
        out.append(judgeAlias == null ? "\n" : " judge score (1-5) |\n");
        out.append("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|").append(judgeAlias == null ? "\n" : "---:|\n");
        for (ArmSummary s : summaries) {
            out.append("| ").append(cell(s.arm())).append(" | ").append(s.requests())
                    .append(" | ").append(s.errors()).append(" (").append(percent(s.errorRate())).append(")")
                    .append(" | ").append(num(s.latencyP50Ms(), 1)).append(" | ").append(num(s.latencyP95Ms(), 1))
                    .append(" | ").append(num(s.ttftP50Ms(), 1)).append(" | ").append(num(s.ttftP95Ms(), 1))
                    .append(" | ").append(tokens(s, s.inputTokens())).append(" | ").append(tokens(s, s.outputTokens()))
                    .append(" | ").append(cost(s)).append(" | ");
            if (s.compared() == null) {
                out.append("reference | - |");
            } else {
                out.append(num(s.meanSimilarity(), 3)).append(" (n=").append(s.compared()).append(") | ")
                        .append(s.similarShare() == null ? "-" : percent(s.similarShare())).append(" |");
            }
            if (judgeAlias != null) {
                out.append(' ').append(num(s.meanScore(), 2)).append(" (n=").append(s.judged())
                        .append(s.unscored() > 0 ? ", " + s.unscored() + " unscored" : "").append(") |");
            }
            out.append('\n');
        }
        return out.toString();
    }

    /** A line under the table saying who judged, since a model's scores are not ground truth. */
    public String judgeNote() {
        return judgeAlias == null ? "" : "Scores were given by a model: the alias `" + judgeAlias
                + "` judged every answer against the rubric (1 = fails it, 5 = fully meets it). Unscored: the judge's"
                + " reply held no score, or the judge call failed.\n";
    }

    public String markdown() {
        StringBuilder out = new StringBuilder("# ").append(title).append("\n\n").append(settings).append("\n\n")
                .append(table()).append('\n').append(judgeNote()).append(judgeAlias == null ? "" : "\n")
                .append("## Answers\n");
        int n = 0;
        for (ComparePrompt prompt : prompts) {
            out.append("\n### ").append(++n).append(". ").append(prompt.source()).append("\n\n")
                    .append(fenced(prompt.displayText()));
            for (Arm arm : arms) {
                out.append("\n**").append(arm.name().replace("*", "\\*")).append("** ").append(facts(arm, prompt))
                        .append("\n\n");
                CallResult r = store.get(arm.name(), prompt.key()).orElse(null);
                out.append(fenced(r == null ? "(not run)" : r.ok() ? r.answer() : r.error()));
            }
        }
        return out.toString();
    }

    public String html() {
        StringBuilder out = new StringBuilder("""
                <!DOCTYPE html>
                <html lang="en"><head><meta charset="utf-8"><title>%s</title>
                <style>
                body{font-family:system-ui,sans-serif;margin:1.5em}
                table{border-collapse:collapse;margin:1em 0}
                td,th{border:1px solid #ccc;padding:.4em;vertical-align:top;text-align:left}
                .answers td{white-space:pre-wrap;max-width:40em}
                .facts{color:#555;font-size:.85em;white-space:normal;margin-bottom:.4em}
                .error{color:#a00}
                </style></head><body>
                """.formatted(Html.escape(title)));
        out.append("<h1>").append(Html.escape(title)).append("</h1>\n<p>").append(Html.escape(settings))
                .append("</p>\n<table><thead><tr>");
        for (String h : List.of("alias", "requests", "errors", "latency p50 ms", "p95 ms", "TTFT p50 ms", "p95 ms",
                "input tokens", "output tokens", "cost USD", "similarity to " + reference.name(),
                "share >= " + num(similarAt, 2))) {
            out.append("<th>").append(Html.escape(h)).append("</th>");
        }
        out.append(judgeAlias == null ? "" : "<th>judge score (1-5)</th>").append("</tr></thead><tbody>\n");
        for (ArmSummary s : summaries) {
            out.append("<tr>");
            for (String v : List.of(s.arm(), String.valueOf(s.requests()),
                    s.errors() + " (" + percent(s.errorRate()) + ")", num(s.latencyP50Ms(), 1), num(s.latencyP95Ms(), 1),
                    num(s.ttftP50Ms(), 1), num(s.ttftP95Ms(), 1), tokens(s, s.inputTokens()),
                    tokens(s, s.outputTokens()), cost(s),
                    s.compared() == null ? "reference" : num(s.meanSimilarity(), 3) + " (n=" + s.compared() + ")",
                    s.similarShare() == null ? "-" : percent(s.similarShare()))) {
                out.append("<td>").append(Html.escape(v)).append("</td>");
            }
            if (judgeAlias != null) {
                out.append("<td>").append(Html.escape(num(s.meanScore(), 2) + " (n=" + s.judged()
                        + (s.unscored() > 0 ? ", " + s.unscored() + " unscored" : "") + ")")).append("</td>");
            }
            out.append("</tr>\n");
        }
        out.append("</tbody></table>\n");
        if (judgeAlias != null) {
            out.append("<p>").append(Html.escape(judgeNote().replace("`", "").strip())).append("</p>\n");
        }
        out.append("<h2>Answers</h2>\n<table class=\"answers\"><thead><tr><th>request</th>");
        for (Arm arm : arms) {
            out.append("<th>").append(Html.escape(arm.name())).append("</th>");
        }
        out.append("</tr></thead><tbody>\n");
        int n = 0;
        for (ComparePrompt prompt : prompts) {
            out.append("<tr><td><div class=\"facts\">").append(++n).append(". ").append(Html.escape(prompt.source()))
                    .append("</div>").append(Html.escape(prompt.displayText())).append("</td>");
            for (Arm arm : arms) {
                CallResult r = store.get(arm.name(), prompt.key()).orElse(null);
                out.append("<td><div class=\"facts\">").append(Html.escape(facts(arm, prompt))).append("</div>");
                if (r == null) {
                    out.append("(not run)");
                } else if (r.ok()) {
                    out.append(Html.escape(r.answer()));
                } else {
                    out.append("<span class=\"error\">").append(Html.escape(r.error())).append("</span>");
                }
                out.append("</td>");
            }
            out.append("</tr>\n");
        }
        return out.append("</tbody></table>\n</body></html>\n").toString();
    }

    /** The one-line facts above an answer: latency, tokens, similarity to the reference, the judge's score. */
    private String facts(Arm arm, ComparePrompt prompt) {
        CallResult r = store.get(arm.name(), prompt.key()).orElse(null);
        if (r == null) {
            return "";
        }
        StringBuilder out = new StringBuilder("(").append(num(r.latencyMs(), 0)).append(" ms");
        if (r.ok()) {
            out.append(", ").append(r.inputTokens() == null ? "?" : r.inputTokens()).append(" in / ")
                    .append(r.outputTokens() == null ? "?" : r.outputTokens()).append(" out");
            Double sim = similarity.getOrDefault(arm.name(), Map.of()).get(prompt.key());
            if (sim != null) {
                out.append(", similarity ").append(num(sim, 3));
            }
            if (verdicts != null) {
                JudgeVerdict v = verdicts.getOrDefault(arm.name(), Map.of()).get(prompt.key());
                if (v != null) {
                    out.append(", score ").append(v.score() == null ? "none" : v.score());
                }
            }
        } else {
            out.append(", error");
        }
        return out.append(')').toString();
    }

    /** A fenced block whose fence is longer than any run of backticks in the text, so no answer can close it. */
    static String fenced(String text) {
        int longest = 0;
        int run = 0;
        for (int i = 0; i < text.length(); i++) {
            run = text.charAt(i) == '`' ? run + 1 : 0;
            longest = Math.max(longest, run);
        }
        String fence = "`".repeat(Math.max(3, longest + 1));
        return fence + "text\n" + text + (text.endsWith("\n") ? "" : "\n") + fence + "\n";
    }

    private static String cell(String text) {
        return text.replace("|", "\\|");
    }

    /** A token sum, "-" when no answer reported usage, else saying how many answers it leaves out. */
    private static String tokens(ArmSummary s, long sum) {
        if (s.withUsage() == 0) {
            return "-";
        }
        return sum + (s.withoutUsage() > 0 ? " (" + s.withoutUsage() + " without usage)" : "");
    }

    private static String cost(ArmSummary s) {
        if (s.costUsd() == null) {
            return "-";
        }
        return String.format(Locale.ROOT, "%.6f", s.costUsd()) + (s.unpriced() > 0 ? " (" + s.unpriced() + " unpriced)" : "");
    }

    static String num(Double x, int decimals) {
        return x == null ? "-" : String.format(Locale.ROOT, "%." + decimals + "f", x);
    }

    private static String percent(double share) {
        return String.format(Locale.ROOT, "%.1f%%", 100 * share);
    }
}
