package dev.reprise.bench.guardrails;

import dev.reprise.embeddings.EmbeddingModelChoice;
import dev.reprise.embeddings.OnnxEmbedder;
import dev.reprise.gateway.guardrails.injection.InjectionDetector;
import dev.reprise.gateway.guardrails.injection.InjectionVerdict;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * {@code ./reprise eval-injection}: precision and recall of the prompt-injection detector per category on the
 * in-repo set's TUNE and HELD-OUT splits, and on public sets given by path. {@code --sweep} prints F1 per threshold
 * on TUNE only, which is how the default threshold was chosen.
 */
public final class InjectionEvalMain {

    private InjectionEvalMain() {
    }

    public static void main(String[] args) throws Exception {
        System.exit(run(args, System.out));
    }

    static int run(String[] args, PrintStream out) throws Exception {
        double threshold = InjectionDetector.DEFAULT_THRESHOLD;
        boolean sweep = false;
        boolean misses = false;
        List<Path> cyberSecEval = new ArrayList<>();
        List<Path> notInject = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--threshold" -> threshold = Double.parseDouble(value(args, ++i));
                case "--sweep" -> sweep = true;
                case "--show-errors" -> misses = true;
                case "--cyberseceval" -> cyberSecEval.add(Path.of(value(args, ++i)));
                case "--notinject" -> notInject.add(Path.of(value(args, ++i)));
                default -> {
                    out.println("usage: eval-injection [--threshold X] [--sweep] [--show-errors]"
                            + " [--cyberseceval prompt_injection.json] [--notinject NotInject_one.json]...");
                    return 2;
                }
            }
        }
        try (OnnxEmbedder embedder = OnnxEmbedder.load(EmbeddingModelChoice.DEFAULT)) {
            InjectionDetector detector = InjectionDetector.load(embedder);
            List<DetectionTally.Scored> set = score(detector, LabelledPrompt.inRepo());
            List<DetectionTally.Scored> tune = set.stream().filter(r -> r.prompt().split().equals("tune")).toList();
            List<DetectionTally.Scored> heldOut = set.stream().filter(r -> r.prompt().split().equals("heldout"))
                    .toList();
            out.printf(Locale.ROOT, "# Prompt-injection detector at threshold %.2f (%s)%n%n", threshold,
                    embedder.modelId());
            if (sweep) {
                out.println("## TUNE: F1 (attack vs benign) per threshold\n");
                for (int t = 50; t <= 100; t += 5) {
                    out.printf(Locale.ROOT, "- %.2f: F1 %.3f%n", t / 100.0, DetectionTally.f1(tune, t / 100.0));
                }
                out.println();
            }
            report(out, "TUNE (in-repo, " + tune.size() + " prompts)", tune, threshold, misses);
            report(out, "HELD-OUT (in-repo, " + heldOut.size() + " prompts)", heldOut, threshold, misses);
            List<LabelledPrompt> publicRows = new ArrayList<>();
            for (Path p : cyberSecEval) {
                publicRows.addAll(LabelledPrompt.cyberSecEval(p));
            }
            for (Path p : notInject) {
                publicRows.addAll(LabelledPrompt.notInject(p));
            }
            if (!publicRows.isEmpty()) {
                report(out, "PUBLIC (" + publicRows.size() + " prompts)", score(detector, publicRows), threshold,
                        misses);
            }
        }
        return 0;
    }

    private static void report(PrintStream out, String title, List<DetectionTally.Scored> rows, double threshold,
                               boolean misses) {
        out.println("## " + title + "\n");
        out.println(DetectionTally.table(rows, threshold));
        if (misses) {
            rows.stream().filter(r -> r.prompt().attack() != (r.score() >= threshold)).forEach(r -> out.printf(
                    Locale.ROOT, "- %s %s %.3f %s | %s | %s%n", r.prompt().attack() ? "MISSED" : "FALSE", r.prompt().id(),
                    r.score(), r.category().label(), r.evidence(), r.prompt().text()));
            out.println();
        }
    }

    private static List<DetectionTally.Scored> score(InjectionDetector detector, List<LabelledPrompt> rows) {
        List<DetectionTally.Scored> scored = new ArrayList<>(rows.size());
        for (LabelledPrompt row : rows) {
            InjectionVerdict v = detector.inspect(row.text());
            scored.add(new DetectionTally.Scored(row, v.score(), v.category(), v.evidence(),
                    detector.screen(row.text()).score()));
        }
        return scored;
    }

    private static String value(String[] args, int i) {
        if (i >= args.length) {
            throw new IllegalArgumentException(args[i - 1] + " needs a value");
        }
        return args[i];
    }
}
