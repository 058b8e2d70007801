package dev.reprise.bench.eval;

import dev.reprise.embeddings.EmbeddingModelChoice;
import dev.reprise.gateway.cache.CacheSettings;
import dev.reprise.gateway.config.ConfigException;
import dev.reprise.gateway.config.ConfigLoader;
import dev.reprise.gateway.config.EnvSubstitution;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The command line of {@code ./reprise eval}, parsed and validated; messages name the option and the value.
 *
 * @param streams      stream files to evaluate instead of the default suite
 * @param pairs        pair files to evaluate instead of the default suite
 * @param datasets     where the public datasets are, for building the default suite
 * @param dataDir      where the default suite is (built there when missing)
 * @param models       the embedding models to run
 * @param decisions    the decision settings to run
 * @param thresholds   the thresholds of the sweep, ascending
 * @param maxFalseHits the false-hit rate the recommendation must stay under
 * @param apply        write the recommendation into {@code config}
 * @param config       the YAML config file {@code --apply} edits
 * @param pricing      per-request tokens and prices for the savings columns
 * @param resultsDir   where the markdown and JSON results go, or null for none
 * @param verify       re-run the recommended setting through the real Lucene replay
 * @param verifierModel the pair verifier the {@code verifier} decision runs, or null for the shipped one
 * @param judge        the simulated background judge to replay with, or null without {@code --judge}
 */
public record EvalOptions(List<Path> streams, List<Path> pairs, Path datasets, Path dataDir,
                          List<EmbeddingModelChoice> models, List<DecisionSetting> decisions, double[] thresholds,
                          double maxFalseHits, boolean apply, Path config, Pricing pricing, Path resultsDir,
                          boolean verify, Path verifierModel, JudgeOptions judge) {

    public static final double DEFAULT_MAX_FALSE_HITS = 0.01;
    public static final String DEFAULT_THRESHOLDS = "0.70:0.99:0.01";

    public static final String USAGE = """
            usage: reprise eval [options]
              --stream FILE          a JSONL stream {"q","intent"} in arrival order (repeatable)
              --pairs FILE           a JSONL pair file {"a","b","same"} (repeatable)
                                     without --stream/--pairs: the default suite, tuned on TUNE, reported on HELD-OUT
              --datasets DIR         public datasets for the default suite (default <root>/../shared/datasets)
              --data DIR             where the default suite is built (default bench/target/eval-data)
              --model ID             embedding model: %s (default %s; with --apply, the config's)
              --decision NAME        %s (default %s, the gateway's default; with --apply, the config's guards)
              --compare              run every decision side by side, for every model unless --model names one
              --thresholds A:B:STEP  sweep (default %s), or a comma list
              --max-false-hits R     recommend the lowest threshold with false hits <= R (default %s)
              --apply                write the recommended threshold into the config
              --config FILE          the YAML config --apply edits (default ./reprise.yaml)
              --tokens-in N --tokens-out N --price-in USD --price-out USD   per request / per 1M tokens
              --results DIR          markdown + JSON results (default bench/results); --no-results for none
              --no-verify            skip re-running the recommendation through the real Lucene index
              --verifier-model DIR   the pair verifier the 'verifier' decision runs (default: the shipped one);
                                     for it, the swept value is the verifier's minimum probability
            """.formatted(EmbeddingModelChoice.allowedIds(), EmbeddingModelChoice.DEFAULT.id(),
            String.join(", ", DecisionSetting.all().stream().map(DecisionSetting::name).toList()),
            DecisionSetting.recommended().name(), DEFAULT_THRESHOLDS, DEFAULT_MAX_FALSE_HITS) + JudgeOptions.USAGE;

    public boolean defaultSuite() {
        return streams.isEmpty() && pairs.isEmpty();
    }

    public static EvalOptions parse(String... args) {
        List<Path> streams = new ArrayList<>();
        List<Path> pairs = new ArrayList<>();
        Path datasets = EvalData.defaultDatasets();
        Path dataDir = EvalData.defaultOut();
        List<EmbeddingModelChoice> models = new ArrayList<>(List.of(EmbeddingModelChoice.DEFAULT));
        List<DecisionSetting> decisions = new ArrayList<>(List.of(DecisionSetting.recommended()));
        double[] thresholds = thresholds(DEFAULT_THRESHOLDS);
        double maxFalseHits = DEFAULT_MAX_FALSE_HITS;
        boolean apply = false;
        boolean compare = false;
        boolean verify = true;
        Path config = Path.of("reprise.yaml");
        long tokensIn = Pricing.DEFAULT.tokensIn();
        long tokensOut = Pricing.DEFAULT.tokensOut();
        double priceIn = Pricing.DEFAULT.priceInPer1M();
        double priceOut = Pricing.DEFAULT.priceOutPer1M();
        Path results = EvalData.projectRoot().resolve("bench").resolve("results");
        boolean modelGiven = false;
        boolean decisionGiven = false;
        Path verifierModel = null;
        JudgeOptions judge = null;
        for (int i = 0; i < args.length; i++) {
            String option = args[i];
            switch (option) {
                case "--apply" -> apply = true;
                case "--compare" -> compare = true;
                case "--no-results" -> results = null;
                case "--no-verify" -> verify = false;
                case "--judge" -> judge = judge == null ? JudgeOptions.defaults() : judge;
                case "-h", "--help" -> throw new UsageException(USAGE);
                default -> {
                    String value = value(args, i++);
                    try {
                        switch (option) {
                            case "--stream" -> streams.add(Path.of(value));
                            case "--pairs" -> pairs.add(Path.of(value));
                            case "--datasets" -> datasets = Path.of(value);
                            case "--data" -> dataDir = Path.of(value);
                            case "--model" -> {
                                models = new ArrayList<>(List.of(EmbeddingModelChoice.parse(value)));
                                modelGiven = true;
                            }
                            case "--decision" -> {
                                decisions = new ArrayList<>(List.of(DecisionSetting.parse(value)));
                                decisionGiven = true;
                            }
                            case "--thresholds" -> thresholds = thresholds(value);
                            case "--max-false-hits" -> maxFalseHits = rate(value);
                            case "--config" -> config = Path.of(value);
                            case "--tokens-in" -> tokensIn = Long.parseLong(value);
                            case "--tokens-out" -> tokensOut = Long.parseLong(value);
                            case "--price-in" -> priceIn = Double.parseDouble(value);
                            case "--price-out" -> priceOut = Double.parseDouble(value);
                            case "--results" -> results = Path.of(value);
                            case "--verifier-model" -> verifierModel = Path.of(value);
                            default -> {
                                if (!JudgeOptions.owns(option)) {
                                    throw new UsageException("unknown option " + option + "\n" + USAGE);
                                }
                                judge = (judge == null ? JudgeOptions.defaults() : judge).with(option, value);
                            }
                        }
                    } catch (NumberFormatException e) {
                        throw new UsageException(option + " needs a number, got '" + value + "'");
                    } catch (IllegalArgumentException e) {
                        if (e instanceof UsageException) {
                            throw e;
                        }
                        throw new UsageException(option + ": " + e.getMessage());
                    }
                }
            }
        }
        if (compare) {
            models = modelGiven ? models : List.of(EmbeddingModelChoice.values());
            decisions = DecisionSetting.all();
        } else if (judge != null && !decisionGiven && !apply) {
            // The judge works under the cosine decision the evaluator found best; report it beside the judge.
            decisions = List.of(DecisionSetting.CONTEXTUAL_GUARDS);
        } else if (apply && (!modelGiven || !decisionGiven)) {
            // The threshold written must be the one for the model and guards that config runs.
            CacheSettings running = cacheSettings(config);
            if (!modelGiven) {
                models = List.of(running.embeddingModel());
            }
            if (!decisionGiven) {
                decisions = List.of(DecisionSetting.of(running.guards()));
            }
        }
        if (apply && decisionGiven && decisions.getFirst().verifies()) {
            throw new UsageException("--apply writes cache.similarity-threshold, which the verifier does not use; "
                    + "run without --apply and set cache.verifier.min-probability to the recommended value");
        }
        Pricing pricing;
        try {
            pricing = new Pricing(tokensIn, tokensOut, priceIn, priceOut);
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
        return new EvalOptions(List.copyOf(streams), List.copyOf(pairs), datasets, dataDir, List.copyOf(models),
                List.copyOf(decisions), thresholds, maxFalseHits, apply, config, pricing, results, verify,
                verifierModel, judge);
    }

    /** {@code A:B:STEP} inclusive, or a comma-separated list; each in [0, 1]. */
    static double[] thresholds(String spec) {
        List<Double> out = new ArrayList<>();
        if (spec.contains(":")) {
            String[] parts = spec.split(":");
            if (parts.length != 3) {
                throw new UsageException("--thresholds wants FROM:TO:STEP, got '" + spec + "'");
            }
            double from = Double.parseDouble(parts[0]);
            double to = Double.parseDouble(parts[1]);
            double step = Double.parseDouble(parts[2]);
            if (!(step > 0) || from > to) {
                throw new UsageException("--thresholds wants FROM <= TO and STEP > 0, got '" + spec + "'");
            }
            long count = Math.round((to - from) / step);
            for (long k = 0; k <= count; k++) {
                out.add(Math.round((from + k * step) * 10_000) / 10_000.0);
            }
        } else {
            for (String s : spec.split(",")) {
                out.add(Double.parseDouble(s.strip()));
            }
        }
        for (double t : out) {
            if (!(t >= 0 && t <= 1)) {
                throw new UsageException("thresholds must be between 0 and 1, got " + t);
            }
        }
        return out.stream().mapToDouble(Double::doubleValue).sorted().distinct().toArray();
    }

    private static CacheSettings cacheSettings(Path config) {
        if (!Files.isRegularFile(config)) {
            // --apply will say the file is missing if it gets that far; until then, a gateway without one
            // runs the defaults.
            return CacheSettings.defaults();
        }
        try {
            return new ConfigLoader(EnvSubstitution.ofSystem()).loadCacheSection(config);
        } catch (ConfigException e) {
            throw new UsageException("cannot read " + config + ": " + e.getMessage());
        }
    }

    private static double rate(String value) {
        double r = Double.parseDouble(value);
        if (!(r >= 0 && r <= 1)) {
            throw new UsageException("--max-false-hits must be between 0 and 1, got " + value);
        }
        return r;
    }

    private static String value(String[] args, int i) {
        if (i + 1 >= args.length) {
            throw new UsageException(args[i] + " needs a value");
        }
        return args[i + 1];
    }

    /** A bad command line; the message is meant for the user as is. */
    public static final class UsageException extends IllegalArgumentException {
        public UsageException(String message) {
            super(message);
        }
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "EvalOptions[streams=%s, pairs=%s, models=%s, decisions=%s, maxFalseHits=%s]",
                streams, pairs, models, decisions.stream().map(DecisionSetting::name).toList(), maxFalseHits);
    }
}
