package dev.reprise.bench.eval;

import dev.reprise.cache.AnswerVerifier;
import dev.reprise.cache.CacheEntry;
import dev.reprise.cache.HitPolicy;
import dev.reprise.cache.ScoredEntry;
import dev.reprise.cache.SemanticCache;
import dev.reprise.embeddings.Embedder;
import dev.reprise.embeddings.TextNormalizer;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Labelled pairs with what the gateway would compute for them: {@code a} as the stored entry, {@code b} as the
 * later query. Equal normalised texts hit the exact tier; otherwise the semantic tier decides with the pair's cosine.
 *
 * @param name       the file's name, for reports
 * @param pairs      the pairs
 * @param entries    the entry the gateway would have stored for each {@code a}
 * @param queryTexts normalised {@code b} texts
 * @param similarity cosine of each pair, 1 when the exact tier answers
 * @param exact      whether each pair's normalised texts are equal
 */
public record PreparedPairs(String name, List<LabelledPair> pairs, List<CacheEntry> entries, List<String> queryTexts,
                            float[] similarity, boolean[] exact) {

    public static PreparedPairs prepare(String name, List<LabelledPair> pairs, TextNormalizer normalizer,
                                        Embedder embedder, Progress progress) {
        List<String> texts = new ArrayList<>(pairs.size() * 2);
        for (LabelledPair p : pairs) {
            texts.add(normalizer.normalize(p.a()));
            texts.add(normalizer.normalize(p.b()));
        }
        List<float[]> vectors = PreparedStream.embed(name, texts, embedder, progress);
        List<CacheEntry> entries = new ArrayList<>(pairs.size());
        List<String> queries = new ArrayList<>(pairs.size());
        float[] similarity = new float[pairs.size()];
        boolean[] exact = new boolean[pairs.size()];
        Instant now = Instant.parse("2025-01-01T00:00:00Z");
        for (int i = 0; i < pairs.size(); i++) {
            String a = texts.get(2 * i);
            String b = texts.get(2 * i + 1);
            exact[i] = a.equals(b);
            similarity[i] = exact[i] ? 1f : dot(vectors.get(2 * i), vectors.get(2 * i + 1));
            queries.add(b);
            entries.add(CacheEntry.builder().id(Integer.toString(i)).namespace(PreparedStream.NAMESPACE)
                    .tenant("eval").modelAlias("eval").matchedText(a)
                    .exactKey(PreparedStream.exactKey(PreparedStream.NAMESPACE, a))
                    .vector(vectors.get(2 * i)).payload(new byte[0]).createdAt(now).build());
        }
        return new PreparedPairs(name, List.copyOf(pairs), entries, queries, similarity, exact);
    }

    /** Whether the cache would serve {@code a}'s answer for {@code b} under {@code policy}. */
    public boolean hits(int i, HitPolicy policy) {
        return hits(i, policy, null);
    }

    /** As {@link #hits(int, HitPolicy)}, with the verifier a verifying policy reads. */
    public boolean hits(int i, HitPolicy policy, AnswerVerifier verifier) {
        return exact[i] || SemanticCache.decide(queryTexts.get(i),
                List.of(new ScoredEntry(entries.get(i), similarity[i])), policy, verifier).isHit();
    }

    public PairMetrics metrics(HitPolicy policy) {
        return metrics(policy, null);
    }

    public PairMetrics metrics(HitPolicy policy, AnswerVerifier verifier) {
        long same = 0, different = 0, sameHits = 0, differentHits = 0;
        for (int i = 0; i < pairs.size(); i++) {
            boolean hit = hits(i, policy, verifier);
            if (pairs.get(i).same()) {
                same++;
                sameHits += hit ? 1 : 0;
            } else {
                different++;
                differentHits += hit ? 1 : 0;
            }
        }
        return new PairMetrics(same, different, sameHits, differentHits);
    }

    /** ROC AUC of the cosine alone (exact matches scoring 1): how well the model separates, before any threshold. */
    public double auc() {
        List<Double> pos = new ArrayList<>();
        List<Double> neg = new ArrayList<>();
        for (int i = 0; i < pairs.size(); i++) {
            (pairs.get(i).same() ? pos : neg).add((double) similarity[i]);
        }
        return RocAuc.of(pos.stream().mapToDouble(Double::doubleValue).toArray(),
                neg.stream().mapToDouble(Double::doubleValue).toArray());
    }

    /**
     * ROC AUC of the verifier's probability on the pairs (exact matches scoring 1): how well it separates them,
     * before any cosine floor or guard.
     */
    public double verifierAuc(AnswerVerifier verifier) {
        List<Double> pos = new ArrayList<>();
        List<Double> neg = new ArrayList<>();
        for (int i = 0; i < pairs.size(); i++) {
            double p = exact[i] ? 1 : verifier.sameAnswerProbabilities(queryTexts.get(i),
                    List.of(entries.get(i).matchedText()))[0];
            (pairs.get(i).same() ? pos : neg).add(p);
        }
        return RocAuc.of(pos.stream().mapToDouble(Double::doubleValue).toArray(),
                neg.stream().mapToDouble(Double::doubleValue).toArray());
    }

    public int size() {
        return pairs.size();
    }

    private static float dot(float[] a, float[] b) {
        float sum = 0;
        for (int i = 0; i < a.length; i++) {
            sum += a[i] * b[i];
        }
        return sum;
    }
}
