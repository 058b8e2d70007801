package dev.reprise.bench.eval;

import dev.reprise.cache.AnswerVerifier;
import dev.reprise.cache.HitPolicy;
import dev.reprise.cache.Verification;
import dev.reprise.embeddings.Embedder;
import dev.reprise.embeddings.EmbeddingModelChoice;
import dev.reprise.embeddings.OnnxEmbedder;
import dev.reprise.embeddings.TextNormalizer;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Fits the combined decision ({@link DecisionSetting#COMBINED}) on the TUNE split only: for each recall floor,
 * serve-cosine and veto probability on a grid, sweeps the verifier's minimum probability over the TUNE streams and pairs and prints, per
 * false-hit limit, the setting {@link ThresholdRecommender} would pick and what it gives on TUNE. HELD-OUT is never
 * read. The chosen floor, serve-cosine and veto become {@code DecisionSetting.COMBINED}'s constants.
 *
 * <p>Run: {@code java -cp bench/target/reprise-bench.jar:bench/target/lib/* dev.reprise.bench.eval.CombinedRuleSearch
 * [--data DIR] [--verifier-model DIR]}; about 10 minutes on 2 shared cores.
 */
public final class CombinedRuleSearch {

    static final double[] FLOORS = {0.6, 0.8, 0.85};
    static final double[] SERVE_COSINES = {0.88, 0.9, 0.92, 0.94};
    static final double[] VETOES = {0, 0.05, 0.2, 0.5};
    static final double[] LIMITS = {0.005, 0.01, 0.02};

    private CombinedRuleSearch() {
    }

    public static void main(String[] args) {
        Path data = EvalData.defaultOut();
        Path model = null;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--data" -> data = Path.of(args[++i]);
                case "--verifier-model" -> model = Path.of(args[++i]);
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        EvalSuite suite = new EvalSuite(data);
        if (!suite.exists()) {
            throw new IllegalStateException("no evaluation suite in " + data + "; run ./reprise eval once first");
        }
        Progress progress = Progress.onStderr();
        PreparedSet tune;
        try (Embedder embedder = OnnxEmbedder.load(EmbeddingModelChoice.DEFAULT)) {
            tune = PreparedSet.prepare("tune", suite.streams(EvalSuite.Split.TUNE),
                    suite.pairFiles(EvalSuite.Split.TUNE), new TextNormalizer(), embedder, progress);
        }
        double[] bars = bars();
        Pricing pricing = Pricing.DEFAULT;
        try (LoadedVerifier verifier = new LoadedVerifier(model)) {
            AnswerVerifier loaded = verifier.get();
            System.out.println("| floor | serve-cosine | veto | limit | p picked on TUNE | TUNE hit rate | TUNE wrong % of hits"
                    + " | TUNE pair recall | TUNE pair false hits |");
            System.out.println("|---|---|---|---|---|---|---|---|---|");
            List<CurvePoint> cosine = tune.sweep(DecisionSetting.CONTEXTUAL_GUARDS, EvalOptions.thresholds(
                    "0.80:0.995:0.005"), pricing);
            for (double limit : LIMITS) {
                String row = ThresholdRecommender.recommend(cosine, limit).map(t -> describe(cosine, t))
                        .orElse("none | | | | ");
                System.out.printf(Locale.ROOT, "| contextual guards | (cosine t) | | %.1f%% | %s |%n", limit * 100, row);
            }
            for (double floor : FLOORS) {
                for (double serve : SERVE_COSINES) {
                    for (double veto : VETOES) {
                        DecisionSetting setting = DecisionSetting.combined(floor, serve, veto).boundTo(loaded);
                        List<CurvePoint> curve = tune.sweep(setting, bars, pricing);
                        for (double limit : LIMITS) {
                            String row = ThresholdRecommender.recommend(curve, limit)
                                    .map(p -> describe(curve, p)).orElse("none | | | | ");
                            System.out.printf(Locale.ROOT, "| %.2f | %.2f | %.2f | %.1f%% | %s |%n", floor, serve,
                                    veto, limit * 100, row);
                        }
                    }
                }
            }
        }
    }

    /** The swept minimum probabilities: 0.01 apart up to 0.98, then finer, where the verifier's scores crowd. */
    static double[] bars() {
        List<Double> out = new ArrayList<>();
        for (int i = 50; i <= 98; i++) {
            out.add(i / 100.0);
        }
        out.addAll(List.of(0.985, 0.99, 0.992, 0.994, 0.996, 0.998, 0.999));
        return out.stream().mapToDouble(Double::doubleValue).toArray();
    }

    private static String describe(List<CurvePoint> curve, double p) {
        CurvePoint at = curve.stream().filter(c -> c.threshold() == p).findFirst().orElseThrow();
        return String.format(Locale.ROOT, "%.3f | %.1f%% | %.2f%% | %.1f%% | %.2f%%", p,
                at.streams().hitRate() * 100, at.streams().wrongShare() * 100, at.pairs().recall() * 100,
                at.pairs().falseHitRate() * 100);
    }

    /** The policy of the combined decision, for tests and the setting. */
    static HitPolicy policy(double floor, double serveCosine, double veto, double minProbability) {
        return HitPolicy.contextual(1).verifiedBy(new Verification(floor, Verification.DEFAULT_CANDIDATES,
                minProbability, serveCosine, veto));
    }
}
