package dev.reprise.bench.eval;

import dev.reprise.embeddings.Embedder;
import dev.reprise.embeddings.TextNormalizer;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The streams and pair files of one split, embedded once by one model, ready to be judged at any threshold and
 * decision setting.
 *
 * @param label   the split's name in reports ("tune", "held-out", "input")
 * @param streams the streams, ready for simulation
 * @param pairs   the pair files
 */
public record PreparedSet(String label, List<StreamSimulation> streams, List<PreparedPairs> pairs) {

    public static PreparedSet prepare(String label, List<Path> streamFiles, List<Path> pairFiles,
                                      TextNormalizer normalizer, Embedder embedder, Progress progress) {
        List<StreamSimulation> streams = new ArrayList<>();
        for (Path file : streamFiles) {
            List<StreamQuery> queries = Jsonl.read(file, StreamQuery.class);
            streams.add(new StreamSimulation(PreparedStream.prepare(label + "/" + EvalSuite.nameOf(file), queries,
                    normalizer, embedder, progress)));
        }
        List<PreparedPairs> pairs = new ArrayList<>();
        for (Path file : pairFiles) {
            pairs.add(PreparedPairs.prepare(label + "/" + EvalSuite.nameOf(file) + " pairs",
                    Jsonl.read(file, LabelledPair.class), normalizer, embedder, progress));
        }
        return new PreparedSet(label, streams, pairs);
    }

    public List<CurvePoint> sweep(DecisionSetting setting, double[] thresholds, Pricing pricing) {
        List<CurvePoint> out = new ArrayList<>(thresholds.length);
        for (double t : thresholds) {
            out.add(at(setting, t, pricing));
        }
        return out;
    }

    public CurvePoint at(DecisionSetting setting, double threshold, Pricing pricing) {
        StreamMetrics s = StreamMetrics.EMPTY;
        for (StreamMetrics m : perStream(setting, threshold, pricing).values()) {
            s = s.plus(m);
        }
        PairMetrics p = PairMetrics.EMPTY;
        for (PairMetrics m : perPairs(setting, threshold).values()) {
            p = p.plus(m);
        }
        return new CurvePoint(threshold, s, p);
    }

    public Map<String, StreamMetrics> perStream(DecisionSetting setting, double threshold, Pricing pricing) {
        Map<String, StreamMetrics> out = new LinkedHashMap<>();
        for (StreamSimulation sim : streams) {
            out.put(sim.stream().name(), StreamMetrics.of(sim.stream().queries(), sim.run(setting.at(threshold), setting.verifier()),
                    pricing));
        }
        return out;
    }

    public Map<String, PairMetrics> perPairs(DecisionSetting setting, double threshold) {
        Map<String, PairMetrics> out = new LinkedHashMap<>();
        for (PreparedPairs p : pairs) {
            out.put(p.name(), p.metrics(setting.at(threshold), setting.verifier()));
        }
        return out;
    }

    public Map<String, Double> auc() {
        return auc(null);
    }

    /** ROC AUC per pair file: of the verifier's probability when the setting verifies, else of the cosine. */
    public Map<String, Double> auc(DecisionSetting setting) {
        Map<String, Double> out = new LinkedHashMap<>();
        for (PreparedPairs p : pairs) {
            out.put(p.name(), setting != null && setting.verifier() != null ? p.verifierAuc(setting.verifier())
                    : p.auc());
        }
        return out;
    }
}
