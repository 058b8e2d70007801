package dev.reprise.bench.compare;

import dev.reprise.embeddings.Embedder;
import dev.reprise.embeddings.EmbeddingModelChoice;
import dev.reprise.embeddings.OnnxEmbedder;
import dev.reprise.gateway.config.ConfigException;
import dev.reprise.gateway.config.ConfigLoader;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * {@code ./reprise compare}: runs the same requests on several aliases (or A/B variants) through the gateway with
 * the cache bypassed, stores each answer as it comes, and reports per alias latency, time to first token, tokens,
 * cost, errors and how alike the answers are to the reference alias's, with an optional model judge.
 */
public final class CompareMain {

    private CompareMain() {
    }

    public static void main(String[] args) {
        int status;
        try {
            if (args.length == 0 || List.of(args).contains("--help") || List.of(args).contains("-h")) {
                System.out.print(CompareOptions.USAGE);
                status = args.length == 0 ? 2 : 0;
            } else {
                // The in-process gateway's start-up lines (Helidon, Flyway) would bury the progress line; warnings stay.
                Logger.getLogger("").setLevel(Level.WARNING);
                status = run(CompareOptions.parse(args), ConfigLoader.withSystemEnv(), System.out, System.err,
                        RunProgress::onStderr);
            }
        } catch (CompareException | ConfigException e) {
            System.err.println("reprise compare: " + e.getMessage());
            status = 2;
        }
        System.exit(status);
    }

    /** Runs a comparison, prints the table and writes the reports; returns 0, or 1 when no request got an answer. */
    public static int run(CompareOptions options, ConfigLoader loader, PrintStream out, PrintStream err,
                          Function<String, RunProgress> progress) {
        CompareReport report = execute(options, loader, out, err, progress);
        return report.summaries().stream().allMatch(s -> s.errors() == s.requests()) ? 1 : 0;
    }

    /** What {@link #run} does, returning the report. */
    static CompareReport execute(CompareOptions options, ConfigLoader loader, PrintStream out, PrintStream err,
                                 Function<String, RunProgress> progress) {
        CompareReport report = compare(options, loader, err, progress);
        out.print(report.table());
        out.print(report.judgeNote());
        write(options.out(), report);
        out.println("report: " + options.out().resolve("report.md") + ", " + options.out().resolve("report.html"));
        return report;
    }

    /** Runs what is not done yet (and the judge), then sums up everything stored for this input's requests. */
    static CompareReport compare(CompareOptions options, ConfigLoader loader, PrintStream err,
                                 Function<String, RunProgress> progress) {
        CompareInput input = CompareInput.read(options.input(), options.system());
        if (input.duplicates() > 0 || input.judgeRowsSkipped() > 0) {
            err.println("reprise compare: " + input.prompts().size() + " requests (" + input.duplicates()
                    + " repeated ones run once, " + input.judgeRowsSkipped() + " judge rows skipped)");
        }
        String rubric = readRubric(options);
        ResultStore store = ResultStore.open(options.out(), err);
        List<Arm> arms;
        Arm reference;
        Map<String, Map<String, JudgeVerdict>> verdicts = null;
        String where;
        try (GatewayTarget target = GatewayTarget.open(options, loader);
             CompareClient client = new CompareClient(target.url(), options.key(), options.timeout(), System::nanoTime)) {
            where = target.describe();
            arms = Arms.of(options.models(), options.variants(), target.routing());
            reference = Arms.reference(arms, options.referenceAlias());
            if (options.judge() != null) {
                Arms.checkKnown(options.judge(), target.routing(), "--judge");
            }
            PriceBook prices = target.routing() == null ? PriceBook.NONE : new PriceBook(target.routing());
            new CompareRun(client, store, prices, progress.apply("compare"))
                    .run(input.prompts(), arms, options.stream(), options.concurrency(), options.retryErrors(),
                            options.warmup());
            if (options.judge() != null) {
                verdicts = new AnswerJudge(client, options.judge(), rubric, options.out())
                        .judge(input.prompts(), arms, store, options.concurrency(), progress.apply("judge"));
            }
        }
        warnAboutCacheHits(input.prompts(), arms, store, err);
        Map<String, Map<String, Double>> similarity = similarity(input.prompts(), arms, reference, store);
        List<ArmSummary> summaries = new ArrayList<>();
        for (Arm arm : arms) {
            summaries.add(ArmSummary.of(arm, arm.equals(reference), input.prompts(), store, similarity.get(arm.name()),
                    options.similarAt(), verdicts == null ? null : verdicts.getOrDefault(arm.name(), Map.of())));
        }
        String settings = input.prompts().size() + " requests from " + options.input() + " on " + where + ", "
                + (options.stream() ? "streamed" : "not streamed") + ", cache bypassed (Cache-Control: no-store); "
                + "answers compared with " + reference.name() + "'s by " + EmbeddingModelChoice.DEFAULT.id()
                + " embeddings; " + Instant.now().truncatedTo(ChronoUnit.SECONDS);
        return new CompareReport("Reprise compare: " + String.join(" vs ", arms.stream().map(Arm::name).toList()),
                settings, input.prompts(), arms, reference, store, similarity, verdicts, summaries,
                options.similarAt(), options.judge());
    }

    private static Map<String, Map<String, Double>> similarity(List<ComparePrompt> prompts, List<Arm> arms,
                                                               Arm reference, ResultStore store) {
        if (arms.size() < 2) {
            return new HashMap<>();
        }
        try (Embedder embedder = OnnxEmbedder.load(EmbeddingModelChoice.DEFAULT)) {
            return AnswerSimilarity.compute(embedder, prompts, arms, reference, store);
        }
    }

    private static String readRubric(CompareOptions options) {
        if (options.rubric() == null) {
            return null;
        }
        try {
            String rubric = Files.readString(options.rubric(), StandardCharsets.UTF_8).strip();
            if (rubric.isEmpty()) {
                throw new CompareException("--rubric " + options.rubric() + " is empty");
            }
            return rubric;
        } catch (IOException e) {
            throw new CompareException("cannot read --rubric " + options.rubric() + ": " + e.getMessage());
        }
    }

    /** A hit would mean an arm did not really answer; the no-store header should make that impossible. */
    private static void warnAboutCacheHits(List<ComparePrompt> prompts, List<Arm> arms, ResultStore store,
                                           PrintStream err) {
        long hits = prompts.stream().flatMap(p -> arms.stream().map(a -> store.get(a.name(), p.key())))
                .flatMap(java.util.Optional::stream)
                .filter(r -> r.cache() != null && r.cache().startsWith("hit")).count();
        if (hits > 0) {
            err.println("reprise compare: warning: " + hits + " answers came from the cache (x-reprise-cache: hit-*)");
        }
    }

    private static void write(Path dir, CompareReport report) {
        try {
            Files.createDirectories(dir);
            Files.writeString(dir.resolve("report.md"), report.markdown(), StandardCharsets.UTF_8);
            Files.writeString(dir.resolve("report.html"), report.html(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the report to " + dir, e);
        }
    }
}
