package dev.reprise.bench.eval;

import com.fasterxml.jackson.databind.JsonNode;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads the public datasets under {@code shared/datasets} in their upstream formats: BANKING77 CSVs
 * ({@code text,category}), CLINC150's {@code data_full.json} and {@code domains.json}, and the Redis LangCache
 * pair CSV ({@code sentence1,sentence2,label}, with markdown bold markers that are not part of the queries), and
 * Bitext's customer-service CSV.
 */
public record PublicDatasets(Path root) {

    /** The label given to CLINC150 out-of-scope queries; the builder makes each one an intent of its own. */
    public static final String OUT_OF_SCOPE = "oos";

    public List<StreamQuery> banking77(String split) {
        List<List<String>> rows = Csv.parse(read(root.resolve("banking77").resolve(split + ".csv")));
        List<StreamQuery> out = new ArrayList<>();
        for (List<String> row : rows.subList(1, rows.size())) {
            require(row.size() == 2, "banking77/" + split + ".csv row is not text,category: " + row);
            out.add(new StreamQuery(row.get(0), row.get(1)));
        }
        return out;
    }

    /** Bitext's 4,514 customer-service utterances ({@code instruction}) with their intent. */
    public List<StreamQuery> bitext() {
        List<List<String>> rows = Csv.parse(read(root.resolve("bitext-customer-support").resolve("data")
                .resolve("train").resolve("Bitext_Sample_Customer_Support_Training_Dataset.csv")));
        List<String> header = rows.getFirst();
        int text = header.indexOf("instruction");
        int intent = header.indexOf("intent");
        require(text >= 0 && intent >= 0, "bitext CSV has no instruction or intent column: " + header);
        List<StreamQuery> out = new ArrayList<>();
        for (List<String> row : rows.subList(1, rows.size())) {
            require(row.size() == header.size(), "bitext CSV row has " + row.size() + " fields: " + row);
            out.add(new StreamQuery(row.get(text), row.get(intent)));
        }
        return out;
    }

    /** A CLINC150 split such as {@code train}, {@code val}, {@code test} or {@code oos_test}. */
    public List<StreamQuery> clinc150(String split) {
        JsonNode rows = json(root.resolve("clinc150").resolve("data_full.json")).get(split);
        require(rows != null && rows.isArray(), "clinc150/data_full.json has no split " + split);
        List<StreamQuery> out = new ArrayList<>();
        for (JsonNode row : rows) {
            out.add(new StreamQuery(row.get(0).asText(), row.get(1).asText()));
        }
        return out;
    }

    /** CLINC150 domain name to its intents, in file order. */
    public Map<String, List<String>> clinc150Domains() {
        JsonNode domains = json(root.resolve("clinc150").resolve("domains.json"));
        Map<String, List<String>> out = new LinkedHashMap<>();
        domains.properties().forEach(e -> {
            List<String> intents = new ArrayList<>();
            e.getValue().forEach(i -> intents.add(i.asText()));
            out.put(e.getKey(), intents);
        });
        return out;
    }

    /** The Redis LangCache pairs with {@code **} markers stripped. */
    public List<LabelledPair> redisPairs() {
        List<List<String>> rows = Csv.parse(read(root.resolve("redis-langcache-pairs").resolve("chatgpt.csv")));
        List<LabelledPair> out = new ArrayList<>();
        for (List<String> row : rows.subList(1, rows.size())) {
            require(row.size() == 3, "redis-langcache-pairs/chatgpt.csv row is not sentence1,sentence2,label: " + row);
            out.add(new LabelledPair(unbold(row.get(0)), unbold(row.get(1)), row.get(2).strip().equals("1")));
        }
        return out;
    }

    static String unbold(String text) {
        return text.replace("**", "").replaceAll("\\s+", " ").strip();
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read dataset file " + file, e);
        }
    }

    private static JsonNode json(Path file) {
        try {
            return Jsonl.MAPPER.readTree(file.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read dataset file " + file, e);
        }
    }

    private static void require(boolean condition, String message) {
        if (!condition) {
            throw new IllegalArgumentException(message);
        }
    }
}
