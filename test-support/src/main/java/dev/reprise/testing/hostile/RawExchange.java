package dev.reprise.testing.hostile;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Sends one {@link HostileRequest} on a new connection and reads the answer. The bytes are written from another
 * thread while this one reads, because a server may answer (413, 431) and close before a large body is all sent; a
 * write that then fails is expected and ignored.
 */
public final class RawExchange {

    /** Answers (a stream included) longer than this are cut: nothing the corpus asks for is that long. */
    private static final int MAX_ANSWER = 8 << 20;

    private RawExchange() {
    }

    public static RawAnswer send(String host, int port, HostileRequest request, Duration patience) {
        try (Socket socket = new Socket(host, port)) {
            socket.setSoTimeout((int) patience.toMillis());
            Thread writer = Thread.ofVirtual().start(() -> write(socket, request));
            RawAnswer answer = read(socket.getInputStream());
            writer.join(patience.toMillis());
            return answer;
        } catch (SocketTimeoutException e) {
            return RawAnswer.none("timeout");
        } catch (IOException e) {
            return RawAnswer.none("closed: " + e.getClass().getSimpleName());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return RawAnswer.none("interrupted");
        }
    }

    private static void write(Socket socket, HostileRequest request) {
        try {
            OutputStream out = socket.getOutputStream();
            out.write(request.raw());
            out.flush();
            if (request.halfClose()) {
                socket.shutdownOutput();
            }
        } catch (IOException e) {
            // The server answered and closed before reading everything: the reader sees its answer.
        }
    }

    private static RawAnswer read(InputStream in) throws IOException {
        RawAnswer answer = readOne(in);
        // "100 Continue" (to Expect: 100-continue) comes before the real answer.
        while (answer.status() >= 100 && answer.status() < 200 && answer.status() != 101) {
            answer = readOne(in);
        }
        return answer;
    }

    private static RawAnswer readOne(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int b;
        int matched = 0;
        while (matched < 4 && (b = in.read()) != -1) {
            head.write(b);
            matched = (b == (matched % 2 == 0 ? '\r' : '\n')) ? matched + 1 : (b == '\r' ? 1 : 0);
            if (head.size() > 64 << 10) {
                return RawAnswer.none("response head over 64 KiB");
            }
        }
        if (head.size() == 0) {
            return RawAnswer.none("closed without an answer");
        }
        String[] lines = head.toString(StandardCharsets.ISO_8859_1).split("\r\n");
        String[] statusLine = lines[0].split(" ", 3);
        if (statusLine.length < 2 || !statusLine[0].startsWith("HTTP/")) {
            return RawAnswer.none("not an HTTP answer: " + lines[0]);
        }
        int status = Integer.parseInt(statusLine[1]);
        Map<String, String> headers = new HashMap<>();
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            if (colon > 0) {
                headers.merge(lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT),
                        lines[i].substring(colon + 1).trim(), (a, c) -> a + "," + c);
            }
        }
        byte[] body;
        if (status < 200) {
            body = new byte[0];
        } else if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
            body = dechunk(in);
        } else if (headers.containsKey("content-length")) {
            body = in.readNBytes((int) Math.min(MAX_ANSWER, Long.parseLong(headers.get("content-length"))));
        } else {
            body = in.readNBytes(MAX_ANSWER);
        }
        return new RawAnswer(status, headers, body, null);
    }

    private static byte[] dechunk(InputStream in) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        while (out.size() < MAX_ANSWER) {
            String sizeLine = line(in);
            if (sizeLine == null) {
                break;
            }
            int semicolon = sizeLine.indexOf(';');
            int size = Integer.parseInt((semicolon < 0 ? sizeLine : sizeLine.substring(0, semicolon)).trim(), 16);
            if (size == 0) {
                break;
            }
            out.write(in.readNBytes(size));
            line(in);
        }
        return out.toByteArray();
    }

    private static String line(InputStream in) throws IOException {
        StringBuilder out = new StringBuilder();
        int b;
        while ((b = in.read()) != -1 && b != '\n') {
            if (b != '\r') {
                out.append((char) b);
            }
        }
        return b == -1 && out.isEmpty() ? null : out.toString();
    }
}
