package dev.reprise.gateway.querylog;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/**
 * The query log's line format: one JSON object per line, {@code type} first, so a reader can pick the lines it
 * wants by their prefix without parsing the rest. A line that is not a whole record reads as empty.
 */
final class LogCodec {

    static final String QUERY_PREFIX = "{\"type\":\"query\"";
    static final String FEEDBACK_PREFIX = "{\"type\":\"feedback\"";

    private static final ObjectMapper JSON = new ObjectMapper();

    private LogCodec() {
    }

    /** The record as one line, newline included. */
    static byte[] encode(LogRecord record) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(256);
        try (JsonGenerator g = JSON.getFactory().createGenerator(out)) {
            g.writeStartObject();
            switch (record) {
                case QueryRecord r -> {
                    g.writeStringField("type", "query");
                    g.writeStringField("time", r.time().toString());
                    g.writeStringField("request_id", r.requestId());
                    g.writeStringField("model", r.model());
                    g.writeStringField("tenant", r.tenant());
                    g.writeStringField("namespace", r.namespace());
                    g.writeStringField("cache", r.cache());
                    writeIfPresent(g, "entry", r.entry());
                    if (r.similarity() != null) {
                        g.writeNumberField("similarity", r.similarity());
                    }
                    writeIfPresent(g, "intent", r.intent());
                    g.writeStringField("q", r.q());
                }
                case FeedbackRecord f -> {
                    g.writeStringField("type", "feedback");
                    g.writeStringField("time", f.time().toString());
                    g.writeStringField("entry", f.entry());
                    g.writeBooleanField("correct", f.correct());
                }
            }
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException("a query log record could not be encoded", e);
        }
        out.write('\n');
        return out.toByteArray();
    }

    /** The record on {@code line}, or empty when the line is not a whole, known record (a torn last line, say). */
    static Optional<LogRecord> decode(String line) {
        JsonNode node;
        try {
            node = JSON.readTree(line);
        } catch (IOException e) {
            return Optional.empty();
        }
        if (node == null || !node.isObject()) {
            return Optional.empty();
        }
        try {
            return switch (node.path("type").asText()) {
                case "query" -> Optional.of(new QueryRecord(time(node), text(node, "request_id"), text(node, "model"),
                        text(node, "tenant"), text(node, "namespace"), text(node, "q"), text(node, "cache"),
                        text(node, "entry"), node.path("similarity").isNumber()
                                ? node.get("similarity").floatValue() : null,
                        text(node, "intent")));
                case "feedback" -> node.path("correct").isBoolean() ? Optional.of(new FeedbackRecord(time(node),
                        text(node, "entry"), node.get("correct").booleanValue())) : Optional.empty();
                default -> Optional.empty();
            };
        } catch (NullPointerException | DateTimeParseException e) {
            // A required field is missing or unreadable: not a record this version wrote.
            return Optional.empty();
        }
    }

    private static Instant time(JsonNode node) {
        return Instant.parse(node.path("time").asText());
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || !value.isTextual() ? null : value.asText();
    }

    private static void writeIfPresent(JsonGenerator g, String field, String value) throws IOException {
        if (value != null) {
            g.writeStringField(field, value);
        }
    }
}
