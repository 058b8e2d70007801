package dev.reprise.gateway.querylog;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.util.MinimalPrettyPrinter;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.Map;

/**
 * Writes logged queries in the cache evaluator's stream format, one JSON object per line in log order:
 * {@code {"q": ..., "intent": ...}} first, then fields the evaluator ignores. {@code intent} is the client's
 * {@code x-reprise-intent} label, or null when it sent none (the evaluator refuses such lines, naming them).
 * A hit served from an entry that later got a verdict through the feedback endpoint carries that verdict
 * ({@code "feedback": "wrong"} or {@code "correct"}, the latest one wins). Nothing is held in memory but
 * those verdicts, so an export of any size streams.
 */
public final class StreamExport {

    private static final JsonFactory JSON = new JsonFactory();

    private final QueryLogReader reader;

    public StreamExport(QueryLogReader reader) {
        this.reader = reader;
    }

    /** Writes the queries {@code filter} accepts to {@code out} (left open); returns how many lines were written. */
    public long write(ExportFilter filter, OutputStream out) throws IOException {
        // Verdicts come after the hits they judge, so they are read first: one pass over feedback lines only.
        Map<String, Boolean> verdicts = new HashMap<>();
        reader.forEachFeedback(f -> verdicts.put(f.entry(), f.correct()));
        long[] lines = {0};
        try (JsonGenerator g = JSON.createGenerator(out)) {
            g.configure(JsonGenerator.Feature.AUTO_CLOSE_TARGET, false);
            g.setPrettyPrinter(new MinimalPrettyPrinter("\n"));
            try {
                reader.forEachQuery(q -> {
                    if (filter.accepts(q)) {
                        line(g, q, q.hit() && q.entry() != null ? verdicts.get(q.entry()) : null);
                        lines[0]++;
                    }
                });
            } catch (UncheckedIOException e) {
                throw e.getCause();
            }
            if (lines[0] > 0) {
                g.writeRaw('\n');
            }
        }
        return lines[0];
    }

    private static void line(JsonGenerator g, QueryRecord q, Boolean verdict) {
        try {
            g.writeStartObject();
            g.writeStringField("q", q.q());
            g.writeStringField("intent", q.intent());
            g.writeStringField("time", q.time().toString());
            g.writeStringField("request_id", q.requestId());
            g.writeStringField("model", q.model());
            g.writeStringField("tenant", q.tenant());
            g.writeStringField("namespace", q.namespace());
            g.writeStringField("cache", q.cache());
            if (q.entry() != null) {
                g.writeStringField("entry", q.entry());
            }
            if (q.similarity() != null) {
                g.writeNumberField("similarity", q.similarity());
            }
            if (verdict != null) {
                g.writeStringField("feedback", verdict ? "correct" : "wrong");
            }
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
