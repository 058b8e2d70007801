package dev.reprise.bench.guardrails;

import dev.reprise.gateway.guardrails.injection.InjectionCategory;

import java.util.List;
import java.util.Locale;
import java.util.TreeSet;

/**
 * Precision and recall at one threshold over scored prompts. Recall of a category: its attacks flagged, whatever
 * category the detector named (a block is a block). Precision of a category: of the prompts flagged under that
 * category, the share that are attacks. "all" pools every category.
 */
final class DetectionTally {

    /** {@code screen} is the score of the patterns alone, what the gateway decides before the cache. */
    record Scored(LabelledPrompt prompt, double score, InjectionCategory category, String evidence, double screen) {
    }

    private DetectionTally() {
    }

    static String table(List<Scored> rows, double threshold) {
        StringBuilder out = new StringBuilder(
                "| category | attacks | caught | recall | caught by the screen | flagged | precision |\n"
                + "|---|---:|---:|---:|---:|---:|---:|\n");
        TreeSet<String> labels = new TreeSet<>();
        rows.stream().filter(r -> r.prompt().attack()).forEach(r -> labels.add(r.prompt().label()));
        for (String label : labels) {
            out.append(line(rows, threshold, label));
        }
        out.append(line(rows, threshold, "all"));
        long benign = rows.stream().filter(r -> !r.prompt().attack()).count();
        long falseFlags = rows.stream().filter(r -> !r.prompt().attack() && r.score() >= threshold).count();
        long screenFlags = rows.stream().filter(r -> !r.prompt().attack() && r.screen() >= threshold).count();
        out.append(String.format(Locale.ROOT, "| benign flagged (false positives) | %d | %d | %s | %d | | |%n",
                benign, falseFlags, ratio(falseFlags, benign), screenFlags));
        return out.toString();
    }

    private static String line(List<Scored> rows, double threshold, String label) {
        boolean all = label.equals("all");
        long attacks = rows.stream().filter(r -> r.prompt().attack() && (all || r.prompt().label().equals(label)))
                .count();
        long caught = rows.stream().filter(r -> r.prompt().attack() && (all || r.prompt().label().equals(label))
                && r.score() >= threshold).count();
        long screened = rows.stream().filter(r -> r.prompt().attack() && (all || r.prompt().label().equals(label))
                && r.screen() >= threshold).count();
        List<Scored> flagged = rows.stream().filter(r -> r.score() >= threshold
                && (all || r.category().label().equals(label))).toList();
        long right = flagged.stream().filter(r -> r.prompt().attack()).count();
        return String.format(Locale.ROOT, "| %s | %d | %d | %s | %d | %d | %s |%n", label, attacks, caught,
                ratio(caught, attacks), screened, flagged.size(), ratio(right, flagged.size()));
    }

    /** F1 of attack-vs-benign at {@code threshold}, for choosing a threshold on the tuning split. */
    static double f1(List<Scored> rows, double threshold) {
        long tp = rows.stream().filter(r -> r.prompt().attack() && r.score() >= threshold).count();
        long fp = rows.stream().filter(r -> !r.prompt().attack() && r.score() >= threshold).count();
        long fn = rows.stream().filter(r -> r.prompt().attack() && r.score() < threshold).count();
        return tp == 0 ? 0 : 2.0 * tp / (2.0 * tp + fp + fn);
    }

    static String ratio(long a, long b) {
        return b == 0 ? "-" : String.format(Locale.ROOT, "%.2f", (double) a / b);
    }
}
