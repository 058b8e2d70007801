package dev.reprise.gateway.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.reprise.models.wire.WireJson;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Writes server-sent events in OpenAI's dialect: {@code data: <json>} events, comments as keep-alives,
 * and a final {@code data: [DONE]}. Each event is flushed, so the client sees it at once.
 *
 * <p>Written straight to the response stream rather than through Helidon's {@code SseSink}, because
 * the sink is only offered when the request's {@code Accept} header allows {@code text/event-stream},
 * and OpenAI clients send {@code Accept: application/json} even when they stream.
 */
final class SseWriter implements AutoCloseable {

    private static final byte[] DATA = "data: ".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] END = "\n\n".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] DONE = "data: [DONE]\n\n".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] KEEP_ALIVE = ": keep-alive\n\n".getBytes(StandardCharsets.US_ASCII);

    private final OutputStream out;

    SseWriter(OutputStream out) {
        this.out = out;
    }

    /** One event carrying {@code value} as JSON (which never contains a raw newline). */
    void data(Object value) throws IOException {
        byte[] json;
        try {
            json = WireJson.mapper().writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a chunk is always serialisable", e);
        }
        data(json);
    }

    void data(byte[] json) throws IOException {
        out.write(DATA);
        out.write(json);
        out.write(END);
        out.flush();
    }

    /** A comment line: ignored by SSE clients, but a write that fails once the client has gone. */
    void keepAlive() throws IOException {
        out.write(KEEP_ALIVE);
        out.flush();
    }

    void done() throws IOException {
        out.write(DONE);
        out.flush();
    }

    @Override
    public void close() throws IOException {
        out.close();
    }
}
