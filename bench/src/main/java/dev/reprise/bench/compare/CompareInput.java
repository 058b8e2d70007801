package dev.reprise.bench.compare;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.BufferedReader;
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
 * The requests of an input file, each line's format found on its own: an OpenAI chat body ({@code messages}), a
 * question ({@code {"q": ...}}, which the query-log export also is), a row of {@code GET /admin/requests}, or a
 * whole page of it ({@code {"data": [rows]}}). A question gets {@code --system} in front. Identical requests run
 * once.
 *
 * @param prompts         the distinct requests, in file order
 * @param duplicates      lines (or rows) that repeated an earlier request
 * @param judgeRowsSkipped ledger rows of the cache's background judge, which are not clients' requests
 */
public record CompareInput(List<ComparePrompt> prompts, int duplicates, int judgeRowsSkipped) {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** What a line may hold, for the error that names the line. */
    static final String FORMATS = "an OpenAI chat body ({\"messages\": [...]}), {\"q\": \"...\"}, a row of "
            + "GET /admin/requests or a page of it ({\"data\": [...]}), or a line of the query-log export";

    public static CompareInput read(Path file, String system) {
        Map<String, ComparePrompt> byKey = new LinkedHashMap<>();
        int[] duplicates = {0};
        int[] judgeRows = {0};
        try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String line;
            int number = 0;
            while ((line = reader.readLine()) != null) {
                number++;
                if (line.isBlank()) {
                    continue;
                }
                String where = file + ":" + number + ": ";
                for (ComparePrompt prompt : parseLine(line, "line " + number, where, system, judgeRows)) {
                    if (byKey.putIfAbsent(prompt.key(), prompt) != null) {
                        duplicates[0]++;
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
        if (byKey.isEmpty()) {
            throw new CompareException(file + ": no requests in it (expected " + FORMATS + ")");
        }
        return new CompareInput(List.copyOf(byKey.values()), duplicates[0], judgeRows[0]);
    }

    private static List<ComparePrompt> parseLine(String line, String source, String where, String system,
                                                 int[] judgeRows) {
        JsonNode node;
        try {
            node = JSON.readTree(line);
        } catch (JsonProcessingException e) {
            throw new CompareException(where + "not JSON: " + e.getOriginalMessage());
        }
        if (!(node instanceof ObjectNode object)) {
            throw new CompareException(where + "not a JSON object; expected " + FORMATS);
        }
        if (object.has("messages")) {
            return List.of(ComparePrompt.of(source, chatBody(object, where)));
        }
        if (object.has("q")) {
            return List.of(question(object.get("q"), "\"q\"", source, where, system));
        }
        if (object.get("data") instanceof ArrayNode rows) {
            List<ComparePrompt> out = new ArrayList<>();
            for (int i = 0; i < rows.size(); i++) {
                String rowWhere = where + "row " + (i + 1) + ": ";
                ComparePrompt prompt = ledgerRow(rows.get(i), source + " row " + (i + 1), rowWhere, system, judgeRows);
                if (prompt != null) {
                    out.add(prompt);
                }
            }
            return out;
        }
        if (object.has("request_id") && (object.has("prompt") || object.has("kind"))) {
            ComparePrompt prompt = ledgerRow(object, source, where, system, judgeRows);
            return prompt == null ? List.of() : List.of(prompt);
        }
        throw new CompareException(where + "not a request: expected " + FORMATS);
    }

    private static ObjectNode chatBody(ObjectNode body, String where) {
        if (!(body.get("messages") instanceof ArrayNode messages) || messages.isEmpty()) {
            throw new CompareException(where + "\"messages\" must be a non-empty array");
        }
        for (int i = 0; i < messages.size(); i++) {
            JsonNode m = messages.get(i);
            if (!m.isObject() || !m.path("role").isTextual()) {
                throw new CompareException(where + "messages[" + i + "] needs a \"role\"");
            }
        }
        return body;
    }

    /** A ledger row: its {@code prompt} (stored only with {@code ledger.store-text}), or null for a judge's row. */
    private static ComparePrompt ledgerRow(JsonNode row, String source, String where, String system, int[] judgeRows) {
        if (!row.isObject()) {
            throw new CompareException(where + "not a JSON object");
        }
        if (row.path("kind").asText("chat").equals("judge")) {
            judgeRows[0]++;
            return null;
        }
        if (!row.path("prompt").isTextual()) {
            throw new CompareException(where + "an /admin/requests row without its \"prompt\": the ledger keeps the "
                    + "text only with ledger.store-text: true");
        }
        return question(row.get("prompt"), "\"prompt\"", source, where, system);
    }

    private static ComparePrompt question(JsonNode q, String field, String source, String where, String system) {
        if (q == null || !q.isTextual() || q.asText().isBlank()) {
            throw new CompareException(where + field + " must be a non-empty string");
        }
        ObjectNode body = JSON.createObjectNode();
        ArrayNode messages = body.putArray("messages");
        if (system != null && !system.isBlank()) {
            messages.addObject().put("role", "system").put("content", system);
        }
        messages.addObject().put("role", "user").put("content", q.asText());
        return ComparePrompt.of(source, body);
    }
}
