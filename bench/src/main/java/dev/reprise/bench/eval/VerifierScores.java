package dev.reprise.bench.eval;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.reprise.embeddings.BatchExecution;
import dev.reprise.embeddings.Embedder;
import dev.reprise.embeddings.EmbeddingModelChoice;
import dev.reprise.embeddings.OnnxEmbedder;
import dev.reprise.embeddings.OnnxPairVerifier;
import dev.reprise.embeddings.PairVerifier;
import dev.reprise.embeddings.TextNormalizer;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Scores labelled pairs for the verifier's training report ({@code bench/training/metrics.py}): each line of a pairs
 * file ({@code a}, {@code b}, {@code label}) gets the verifier's probability (of the shipped model, or of
 * {@code --model DIR}) and the cosine of the packaged embedders on the gateway's normalised text, as the semantic tier
 * would see them. The verifier reads the raw texts, {@code a} as the stored question and {@code b} as the new one.
 *
 * <p>Run: {@code java -cp bench/target/reprise-bench.jar:bench/target/lib/* dev.reprise.bench.eval.VerifierScores
 * [--model DIR] [--embedders all-minilm-l6-v2-q,bge-small-en-v15-q] --out DIR pairs.jsonl...}; writes
 * {@code DIR/<name>.scores.jsonl}, one line per pair.
 */
public final class VerifierScores {

    private VerifierScores() {
    }

    public static void main(String[] args) throws IOException {
        Path model = null;
        Path out = null;
        List<EmbeddingModelChoice> embedders = new ArrayList<>(List.of(EmbeddingModelChoice.values()));
        List<Path> inputs = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--model" -> model = Path.of(args[++i]);
                case "--out" -> out = Path.of(args[++i]);
                case "--embedders" -> {
                    embedders.clear();
                    for (String id : args[++i].split(",")) {
                        if (!id.isBlank()) {
                            embedders.add(EmbeddingModelChoice.parse(id));
                        }
                    }
                }
                default -> inputs.add(Path.of(args[i]));
            }
        }
        if (out == null || inputs.isEmpty()) {
            System.err.println("usage: VerifierScores [--model DIR] [--embedders ids] --out DIR pairs.jsonl...");
            System.exit(2);
        }
        Files.createDirectories(out);
        TextNormalizer normalizer = new TextNormalizer();
        Map<String, Embedder> loaded = new LinkedHashMap<>();
        try (PairVerifier verifier = model == null ? OnnxPairVerifier.loadShipped() : OnnxPairVerifier.load(model)) {
            for (EmbeddingModelChoice choice : embedders) {
                loaded.put(choice.id(), OnnxEmbedder.load(choice, BatchExecution.ONE_RUN_PER_BATCH));
            }
            for (Path input : inputs) {
                score(input, out, verifier, loaded, normalizer);
            }
        } finally {
            loaded.values().forEach(Embedder::close);
        }
    }

    private static void score(Path input, Path outDir, PairVerifier verifier, Map<String, Embedder> embedders,
                              TextNormalizer normalizer) throws IOException {
        List<ObjectNode> rows = new ArrayList<>();
        try (BufferedReader reader = Files.newBufferedReader(input, StandardCharsets.UTF_8)) {
            String line;
            while ((line = reader.readLine()) != null) {
                if (!line.isBlank()) {
                    rows.add((ObjectNode) Jsonl.MAPPER.readTree(line));
                }
            }
        }
        long start = System.nanoTime();
        for (ObjectNode row : rows) {
            row.put("p", verifier.verify(text(row, "b"), List.of(text(row, "a")))[0]);
        }
        long verifyNanos = System.nanoTime() - start;
        for (Map.Entry<String, Embedder> e : embedders.entrySet()) {
            List<String> texts = new ArrayList<>();
            for (ObjectNode row : rows) {
                texts.add(normalizer.normalize(text(row, "a")));
                texts.add(normalizer.normalize(text(row, "b")));
            }
            List<float[]> vectors = e.getValue().embedAll(texts);
            for (int i = 0; i < rows.size(); i++) {
                rows.get(i).put("cos:" + e.getKey(), dot(vectors.get(2 * i), vectors.get(2 * i + 1)));
            }
        }
        String name = input.getFileName().toString().replaceFirst("\\.jsonl$", "");
        Path file = outDir.resolve(name + ".scores.jsonl");
        try (BufferedWriter writer = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            for (ObjectNode row : rows) {
                writer.write(Jsonl.MAPPER.writeValueAsString(row));
                writer.newLine();
            }
        }
        System.out.printf("%s: %d pairs, verifier %.2f ms per pair -> %s%n", input, rows.size(),
                verifyNanos / 1e6 / Math.max(1, rows.size()), file);
    }

    private static String text(JsonNode row, String field) {
        JsonNode node = row.get(field);
        if (node == null || !node.isTextual()) {
            throw new IllegalArgumentException("pair without a text '" + field + "': " + row);
        }
        return node.asText();
    }

    private static double dot(float[] x, float[] y) {
        double sum = 0;
        for (int i = 0; i < x.length; i++) {
            sum += x[i] * y[i];
        }
        return sum;
    }
}
