package dev.reprise.bench.guardrails.pii;

import dev.reprise.bench.eval.EvalData;
import dev.reprise.bench.eval.PublicDatasets;
import dev.reprise.gateway.guardrails.PiiDetector;
import dev.reprise.gateway.guardrails.PiiType;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * {@code ./reprise eval-pii}: recall and precision of the PII detector, per type and per written format, on
 * generated values planted in real support questions and on the questions themselves (BANKING77, Bitext), for the
 * TUNE and HELD-OUT splits. {@code --show-errors} lists every missed value and every false finding.
 */
public final class PiiEvalMain {

    private static final Set<PiiType> ALL = Set.of(PiiType.values());

    private PiiEvalMain() {
    }

    public static void main(String[] args) {
        System.exit(run(args, System.out));
    }

    static int run(String[] args, PrintStream out) {
        Path datasets = EvalData.defaultDatasets();
        boolean errors = false;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--datasets" -> {
                    if (++i >= args.length) {
                        return usage(out);
                    }
                    datasets = Path.of(args[i]);
                }
                case "--show-errors" -> errors = true;
                default -> {
                    return usage(out);
                }
            }
        }
        if (!Files.isDirectory(datasets.resolve("banking77")) || !Files.isDirectory(
                datasets.resolve("bitext-customer-support"))) {
            out.println("eval-pii: no banking77/ and bitext-customer-support/ under " + datasets
                    + " (give the folder with --datasets DIR)");
            return 2;
        }
        List<SupportQuestion> questions = SupportQuestion.read(new PublicDatasets(datasets));
        List<PiiFormat> formats = new ArrayList<>(SensitiveFormats.all());
        formats.addAll(LookAlikeFormats.all());
        List<PiiSample> set = PiiSet.build(questions, formats, PiiSet.SEED, PiiSet.PER_FORMAT);
        PiiDetector detector = new PiiDetector();
        long started = System.nanoTime();
        List<PiiTally.Judged> judged = set.stream().map(s -> PiiTally.judge(s, detector.find(s.text(), ALL))).toList();
        long millis = (System.nanoTime() - started) / 1_000_000;
        out.printf(Locale.ROOT, "# PII detector: %d texts (%d real questions from %s; seed %d, %d values per format)"
                + ", scanned in %d ms%n%n", set.size(), questions.size(), datasets, PiiSet.SEED, PiiSet.PER_FORMAT,
                millis);
        report(out, "TUNE", judged.stream().filter(j -> j.sample().split().equals(PiiSample.TUNE)).toList(), errors);
        report(out, "HELD-OUT", judged.stream().filter(j -> j.sample().split().equals(PiiSample.HELD_OUT)).toList(),
                errors);
        return 0;
    }

    private static void report(PrintStream out, String title, List<PiiTally.Judged> rows, boolean errors) {
        out.println("## " + title + "\n");
        out.println(PiiTally.typeTable(rows));
        out.println(PiiTally.realLine(rows));
        out.println("### " + title + ": recall per format\n");
        out.println(PiiTally.formatTable(rows));
        out.println("### " + title + ": look-alikes\n");
        out.println(PiiTally.lookAlikeTable(rows));
        if (errors) {
            out.println("### " + title + ": misses and false findings\n");
            PiiTally.errors(rows).forEach(out::println);
            out.println();
        }
    }

    private static int usage(PrintStream out) {
        out.println("usage: eval-pii [--datasets DIR] [--show-errors]");
        return 2;
    }
}
