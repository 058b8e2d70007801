package dev.reprise.bench.eval;

import dev.reprise.embeddings.Embedder;
import dev.reprise.embeddings.TextNormalizer;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.List;

/**
 * A stream with what the gateway derives from each query, computed once: the normalised text, the exact-tier key
 * {@code sha256(namespace + "\n" + normalisedText)} and the embedding of the normalised text. Embedding is the
 * only costly step of an evaluation, so every threshold and decision setting reuses these.
 *
 * @param name    the stream's name, for reports
 * @param queries the stream in arrival order
 * @param texts   normalised texts, one per query
 * @param keys    exact-tier keys, one per query
 * @param vectors unit vectors of {@code texts}, one per query
 * @param modelId the embedding model that made the vectors
 */
public record PreparedStream(String name, List<StreamQuery> queries, List<String> texts, List<String> keys,
                             List<float[]> vectors, String modelId) {

    /** The one namespace an evaluation stream lives in, as if one tenant asked one model everything. */
    public static final String NAMESPACE = "eval";
    static final int BATCH = 32;

    public static PreparedStream prepare(String name, List<StreamQuery> queries, TextNormalizer normalizer,
                                         Embedder embedder, Progress progress) {
        List<String> texts = new ArrayList<>(queries.size());
        List<String> keys = new ArrayList<>(queries.size());
        for (StreamQuery q : queries) {
            String text = normalizer.normalize(q.q());
            texts.add(text);
            keys.add(exactKey(NAMESPACE, text));
        }
        return new PreparedStream(name, List.copyOf(queries), texts, keys, embed(name, texts, embedder, progress),
                embedder.modelId());
    }

    /**
     * Embeds in batches, as the gateway's batching embedder does under load, each distinct text once (streams and
     * pairs repeat texts), reporting progress per batch.
     */
    static List<float[]> embed(String label, List<String> texts, Embedder embedder, Progress progress) {
        List<String> distinct = new ArrayList<>(new LinkedHashSet<>(texts));
        Map<String, float[]> vectors = new HashMap<>(distinct.size() * 2);
        progress.start("embedding " + label + " (" + embedder.modelId() + ")", distinct.size());
        for (int from = 0; from < distinct.size(); from += BATCH) {
            List<String> batch = distinct.subList(from, Math.min(distinct.size(), from + BATCH));
            List<float[]> out = embedder.embedAll(batch);
            for (int i = 0; i < batch.size(); i++) {
                vectors.put(batch.get(i), out.get(i));
            }
            progress.advance(batch.size());
        }
        progress.finish();
        List<float[]> result = new ArrayList<>(texts.size());
        for (String text : texts) {
            result.add(vectors.get(text));
        }
        return result;
    }

    /** The gateway's exact-tier key. */
    public static String exactKey(String namespace, String normalisedText) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            byte[] digest = sha.digest((namespace + "\n" + normalisedText).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    public int size() {
        return queries.size();
    }
}
