package dev.reprise.testing.hostile;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes an HTTP/1.1 request byte for byte, so a header may hold CR, LF or bytes above 127 and the framing may lie:
 * an HTTP client refuses to send most of what the corpus needs. Always asks for {@code Connection: close}, so the
 * answer ends when the connection does.
 */
final class HttpBytes {

    private String requestLine;
    private final List<byte[]> headers = new ArrayList<>();
    private byte[] body = new byte[0];
    private boolean contentLength = true;
    private boolean contentType = true;
    private boolean connectionClose = true;

    private HttpBytes(String requestLine) {
        this.requestLine = requestLine;
    }

    static HttpBytes request(String method, String path) {
        return new HttpBytes(method + " " + path + " HTTP/1.1");
    }

    static HttpBytes rawLine(String requestLine) {
        return new HttpBytes(requestLine);
    }

    HttpBytes header(String name, String value) {
        return headerBytes((name + ": " + value).getBytes(StandardCharsets.ISO_8859_1));
    }

    /** A header line as given (without its CRLF), for names and values no client would write. */
    HttpBytes headerBytes(byte[] line) {
        headers.add(line);
        return this;
    }

    HttpBytes auth(String key) {
        return key == null ? this : header("Authorization", "Bearer " + key);
    }

    HttpBytes body(byte[] value) {
        this.body = value;
        return this;
    }

    HttpBytes body(String value) {
        return body(value.getBytes(StandardCharsets.UTF_8));
    }

    /** Leaves out the Content-Length the body would get (the framing headers are then the caller's). */
    HttpBytes noContentLength() {
        this.contentLength = false;
        return this;
    }

    HttpBytes noContentType() {
        this.contentType = false;
        return this;
    }

    HttpBytes keepAlive() {
        this.connectionClose = false;
        return this;
    }

    byte[] bytes() {
        ByteArrayOutputStream out = new ByteArrayOutputStream(body.length + 512);
        line(out, requestLine.getBytes(StandardCharsets.ISO_8859_1));
        line(out, "Host: 127.0.0.1".getBytes(StandardCharsets.ISO_8859_1));
        if (connectionClose) {
            line(out, "Connection: close".getBytes(StandardCharsets.ISO_8859_1));
        }
        if (contentType && body.length > 0) {
            line(out, "Content-Type: application/json".getBytes(StandardCharsets.ISO_8859_1));
        }
        if (contentLength && (body.length > 0 || requestLine.startsWith("POST") || requestLine.startsWith("PUT")
                || requestLine.startsWith("PATCH"))) {
            line(out, ("Content-Length: " + body.length).getBytes(StandardCharsets.ISO_8859_1));
        }
        headers.forEach(h -> line(out, h));
        out.write('\r');
        out.write('\n');
        out.writeBytes(body);
        return out.toByteArray();
    }

    HostileRequest as(String family) {
        return new HostileRequest(family, bytes(), false);
    }

    HostileRequest asHalfClosed(String family) {
        return new HostileRequest(family, bytes(), true);
    }

    private static void line(ByteArrayOutputStream out, byte[] line) {
        out.writeBytes(line);
        out.write('\r');
        out.write('\n');
    }
}
