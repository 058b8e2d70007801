package dev.reprise.bench.eval;

import dev.reprise.embeddings.Embedder;
import dev.reprise.embeddings.EmbeddingModelChoice;
import dev.reprise.embeddings.OnnxEmbedder;
import dev.reprise.embeddings.TextNormalizer;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code ./reprise eval}: replays intent streams and labelled pairs through the gateway's normaliser, embedder, cache
 * index, guards and decision; sweeps thresholds; recommends the lowest threshold under a false-hit limit; and with
 * {@code --apply} writes it into the config. Without input files it runs the default suite built from the public
 * datasets, picking the threshold on the TUNE split and reporting the HELD-OUT split. See bench/README-eval.md.
 */
public final class EvalMain {

    private EvalMain() {
    }

    public static void main(String[] args) {
        int status;
        try {
            status = run(EvalOptions.parse(args), System.out, Progress.onStderr());
        } catch (EvalOptions.UsageException e) {
            System.err.println("reprise eval: " + e.getMessage());
            status = 2;
        }
        System.exit(status);
    }

    /** Runs an evaluation and returns the exit status: 0, or 3 when --apply found no threshold to write. */
    public static int run(EvalOptions options, PrintStream out, Progress progress) {
        List<Path> tuneStreams, tunePairs, reportStreams, reportPairs;
        String tuneLabel, reportLabel;
        if (options.defaultSuite()) {
            EvalSuite suite = new EvalSuite(options.dataDir());
            if (!suite.exists()) {
                out.println("building the evaluation suite from " + options.datasets() + " into " + suite.dir());
                new EvalData(new PublicDatasets(options.datasets()), EvalData.DEFAULT_SEED,
                        EvalData.DEFAULT_STREAM_SIZE, EvalData.DEFAULT_PAIRS).build(suite.dir());
            }
            tuneStreams = suite.streams(EvalSuite.Split.TUNE);
            tunePairs = suite.pairFiles(EvalSuite.Split.TUNE);
            reportStreams = suite.streams(EvalSuite.Split.HELD_OUT);
            reportPairs = suite.pairFiles(EvalSuite.Split.HELD_OUT);
            tuneLabel = "tune";
            reportLabel = "held-out";
        } else {
            tuneStreams = reportStreams = options.streams();
            tunePairs = reportPairs = options.pairs();
            tuneLabel = reportLabel = "input";
        }
        TextNormalizer normalizer = new TextNormalizer();
        List<DecisionResult> results = new ArrayList<>();
        List<JudgeResult> judged = new ArrayList<>();
        Splits splits = new Splits(tuneLabel, tuneStreams, tunePairs, reportLabel, reportStreams, reportPairs);
        try (LoadedVerifier verifier = new LoadedVerifier(options.verifierModel())) {
            evaluate(options, splits, normalizer, verifier, progress, results, judged);
        }
        return report(options, out, results, judged);
    }

    /** The files to pick thresholds on and the files to report on; the same ones for user files. */
    private record Splits(String tuneLabel, List<Path> tuneStreams, List<Path> tunePairs,
                          String reportLabel, List<Path> reportStreams, List<Path> reportPairs) {
    }

    private static void evaluate(EvalOptions options, Splits splits, TextNormalizer normalizer,
                                 LoadedVerifier verifier, Progress progress, List<DecisionResult> results,
                                 List<JudgeResult> judged) {
        for (EmbeddingModelChoice model : options.models()) {
            PreparedSet tune;
            PreparedSet report;
            try (Embedder embedder = OnnxEmbedder.load(model)) {
                tune = PreparedSet.prepare(splits.tuneLabel(), splits.tuneStreams(), splits.tunePairs(), normalizer,
                        embedder, progress);
                report = splits.tuneLabel().equals(splits.reportLabel()) ? tune
                        : PreparedSet.prepare(splits.reportLabel(), splits.reportStreams(), splits.reportPairs(),
                                normalizer, embedder, progress);
            }
            for (DecisionSetting configured : options.decisions()) {
                DecisionSetting setting = configured.verifies() && configured.verifier() == null
                        ? configured.boundTo(verifier.get()) : configured;
                DecisionResult result = Evaluation.run(model.id(), setting, tune, report, options);
                // The real index is slow at high thresholds (a refresh per stored miss): replay only the decision
                // that would be applied.
                boolean verify = options.verify() && result.recommended() != null && !report.streams().isEmpty()
                        && configured.equals(applied(options));
                results.add(verify ? result.withVerified(Evaluation.verify(result, report, options, progress)) : result);
            }
            if (options.judge() != null && !report.streams().isEmpty()) {
                DecisionSetting verifying = options.decisions().stream().filter(DecisionSetting::verifies).findFirst()
                        .map(d -> d.boundTo(verifier.get())).orElse(null);
                judged.addAll(JudgeEvaluation.run(model.id(), judgeBase(options), verifying, tune, report, options,
                        progress));
            }
        }
    }

    /** The cosine decision the judge works under: contextual guards unless the runs name only other ones. */
    static DecisionSetting judgeBase(EvalOptions options) {
        List<DecisionSetting> cosine = options.decisions().stream().filter(d -> !d.verifies()).toList();
        return cosine.isEmpty() || cosine.contains(DecisionSetting.CONTEXTUAL_GUARDS)
                ? DecisionSetting.CONTEXTUAL_GUARDS : cosine.getFirst();
    }

    private static int report(EvalOptions options, PrintStream out, List<DecisionResult> results,
                              List<JudgeResult> judged) {
        EvalReport report = new EvalReport(results, options);
        JudgeReport judgeReport = judged.isEmpty() ? null : new JudgeReport(judged, options);
        out.print(report.text());
        if (judgeReport != null) {
            out.print('\n' + judgeReport.text());
        }
        if (options.resultsDir() != null) {
            write(options.resultsDir(), report, judgeReport);
        }
        DecisionResult chosen = results.stream()
                .filter(r -> r.model().equals(options.models().getFirst().id())
                        && r.decision().name().equals(applied(options).name()))
                .findFirst().orElse(results.getFirst());
        if (options.apply()) {
            if (chosen.recommended() == null) {
                out.println("no threshold to apply: none keeps false hits under " + options.maxFalseHits());
                return 3;
            }
            ConfigApplier.apply(options.config(), chosen.recommended());
            out.println("applied cache.similarity-threshold: " + ConfigApplier.format(chosen.recommended()) + " ("
                    + chosen.model() + ", " + chosen.decision().name() + ") to " + options.config());
        }
        return 0;
    }

    /** The decision whose threshold --apply writes: the recommended one when it runs, else the only one. */
    static DecisionSetting applied(EvalOptions options) {
        return options.decisions().contains(DecisionSetting.recommended()) ? DecisionSetting.recommended()
                : options.decisions().getFirst();
    }

    private static void write(Path dir, EvalReport report, JudgeReport judgeReport) {
        String stem = "eval-" + LocalDate.now();
        try {
            Files.createDirectories(dir);
            String markdown = report.markdown("Reprise cache evaluation, " + LocalDate.now())
                    + (judgeReport == null ? "" : "\n" + judgeReport.markdown());
            Files.writeString(dir.resolve(stem + ".md"), markdown, StandardCharsets.UTF_8);
            Files.writeString(dir.resolve(stem + ".json"), report.json(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write results to " + dir, e);
        }
    }
}
