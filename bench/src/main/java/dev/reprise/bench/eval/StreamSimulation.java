package dev.reprise.bench.eval;

import dev.reprise.cache.AnswerVerifier;
import dev.reprise.cache.CacheEntry;
import dev.reprise.cache.HitPolicy;
import dev.reprise.cache.ScoredEntry;
import dev.reprise.cache.SemanticCache;
import dev.reprise.cache.SemanticLookup;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The same replay as {@link StreamReplay} without Lucene: the similarities of every pair of queries are computed
 * once, the nearest stored entries are found by exact search over them, and {@link SemanticCache#decide} makes the
 * gateway's decision on them. A threshold then costs milliseconds instead of an index rebuild, which makes a sweep
 * cheap; tests check it agrees with the real replay (HNSW is approximate, so on large streams it may differ on a
 * rare near-tie).
 */
public final class StreamSimulation {

    private final PreparedStream stream;
    private final float[][] similarity;
    private final List<CacheEntry> entries;

    public StreamSimulation(PreparedStream stream) {
        this.stream = stream;
        this.similarity = lowerTriangle(stream.vectors());
        this.entries = new ArrayList<>(stream.size());
        Instant start = Instant.parse("2025-01-01T00:00:00Z");
        for (int i = 0; i < stream.size(); i++) {
            entries.add(StreamReplay.entry(stream, i, start.plusMillis(i)));
        }
    }

    public PreparedStream stream() {
        return stream;
    }

    public List<LookupOutcome> run(HitPolicy policy) {
        return run(policy, null);
    }

    /** The replay under {@code policy}; {@code verifier} reads the candidates when the policy verifies. */
    public List<LookupOutcome> run(HitPolicy policy, AnswerVerifier verifier) {
        List<LookupOutcome> outcomes = new ArrayList<>(stream.size());
        Map<String, Integer> exact = new HashMap<>();
        int[] stored = new int[stream.size()];
        int storedCount = 0;
        int k = SemanticCache.CANDIDATES;
        int[] top = new int[k];
        float[] topSim = new float[k];
        for (int i = 0; i < stream.size(); i++) {
            Integer same = exact.get(stream.keys().get(i));
            if (same != null) {
                outcomes.add(LookupOutcome.exact(same));
                continue;
            }
            int found = nearest(i, stored, storedCount, top, topSim);
            List<ScoredEntry> nearest = new ArrayList<>(found);
            for (int c = 0; c < found; c++) {
                nearest.add(new ScoredEntry(entries.get(top[c]), topSim[c]));
            }
            SemanticLookup decision = SemanticCache.decide(stream.texts().get(i), nearest, policy, verifier);
            int best = found == 0 ? -1 : top[0];
            float bestSim = found == 0 ? Float.NaN : topSim[0];
            if (decision.isHit()) {
                // A verifier may serve another candidate than the nearest.
                int served = Integer.parseInt(decision.best().entry().id());
                outcomes.add(new LookupOutcome(LookupOutcome.Tier.SEMANTIC, served, best, decision.best().similarity(),
                        null));
            } else {
                outcomes.add(new LookupOutcome(LookupOutcome.Tier.MISS, -1, best, bestSim, decision.missReason()));
                stored[storedCount++] = i;
                // The newest entry wins the exact tier, as in the index.
                exact.put(stream.keys().get(i), i);
            }
        }
        return outcomes;
    }

    /** The entry the gateway would store for query {@code i}. */
    CacheEntry entry(int i) {
        return entries.get(i);
    }

    /** Fills the k best stored entries for query {@code i}, best first (earlier entries win ties); returns how many. */
    int nearest(int i, int[] stored, int storedCount, int[] top, float[] topSim) {
        int found = 0;
        float[] row = similarity[i];
        for (int s = 0; s < storedCount; s++) {
            int j = stored[s];
            float sim = row[j];
            if (found == top.length && sim <= topSim[found - 1]) {
                continue;
            }
            int at = found == top.length ? found - 1 : found++;
            while (at > 0 && topSim[at - 1] < sim) {
                top[at] = top[at - 1];
                topSim[at] = topSim[at - 1];
                at--;
            }
            top[at] = j;
            topSim[at] = sim;
        }
        return found;
    }

    /** Row i holds the cosine of query i with every earlier query; a replay only ever looks back. */
    private static float[][] lowerTriangle(List<float[]> vectors) {
        float[][] out = new float[vectors.size()][];
        for (int i = 0; i < vectors.size(); i++) {
            float[] a = vectors.get(i);
            float[] row = new float[i];
            for (int j = 0; j < i; j++) {
                float[] b = vectors.get(j);
                float dot = 0;
                for (int d = 0; d < a.length; d++) {
                    dot += a[d] * b[d];
                }
                row[j] = dot;
            }
            out[i] = row;
        }
        return out;
    }
}
