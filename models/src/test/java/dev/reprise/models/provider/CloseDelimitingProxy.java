package dev.reprise.models.provider;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * A raw-socket front for a {@link dev.reprise.testing.FakeUpstream}, so that a test controls an answer's framing
 * exactly. It passes each request on and writes the answer back as HTTP/1.1 allows with the least framing: no
 * Content-Length, no chunks, {@code Connection: close}, the body as it comes, and its end told only by closing the
 * connection. It can also cut a body in half, as a dropped connection would, with or without the whole body's
 * Content-Length.
 */
final class CloseDelimitingProxy implements AutoCloseable {

    /** How an answer's body ends. */
    enum Ending {
        /** The whole body, then the connection closes. */
        CLOSE,
        /** Half of the body, then the connection closes. */
        CUT,
        /** A Content-Length for the whole body, half of it, then the connection closes. */
        CUT_SHORT_OF_LENGTH
    }

    /** Headers the proxy sets itself, or that the JDK client may not send. */
    private static final Set<String> HOP_BY_HOP = Set.of("connection", "content-length", "transfer-encoding", "host",
            "upgrade", "expect", "keep-alive", "http2-settings");

    private final ServerSocket server;
    private final URI target;
    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private volatile Ending ending = Ending.CLOSE;

    /** @param target the fake upstream's address, e.g. {@code http://127.0.0.1:1234} */
    CloseDelimitingProxy(String target) throws IOException {
        this.target = URI.create(target);
        this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread.ofVirtual().name("close-delimiting-proxy").start(this::acceptLoop);
    }

    String baseUrl() {
        return "http://127.0.0.1:" + server.getLocalPort();
    }

    void ending(Ending next) {
        this.ending = next;
    }

    @Override
    public void close() throws IOException {
        server.close();
        client.close();
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            try {
                Socket socket = server.accept();
                Thread.ofVirtual().start(() -> relay(socket));
            } catch (IOException closed) {
                return;
            }
        }
    }

    private void relay(Socket socket) {
        try (socket) {
            InputStream in = socket.getInputStream();
            List<String> head = List.of(readHead(in).split("\r\n"));
            String[] requestLine = head.get(0).split(" ");
            HttpRequest.Builder forward = HttpRequest.newBuilder(target.resolve(requestLine[1]));
            int length = 0;
            for (String line : head.subList(1, head.size())) {
                int colon = line.indexOf(':');
                String name = line.substring(0, colon).trim();
                String value = line.substring(colon + 1).trim();
                if (name.equalsIgnoreCase("content-length")) {
                    length = Integer.parseInt(value);
                } else if (!HOP_BY_HOP.contains(name.toLowerCase(Locale.ROOT))) {
                    forward.header(name, value);
                }
            }
            byte[] body = in.readNBytes(length);
            HttpResponse<InputStream> answer = client.send(
                    forward.method(requestLine[0], HttpRequest.BodyPublishers.ofByteArray(body)).build(),
                    HttpResponse.BodyHandlers.ofInputStream());
            writeAnswer(socket.getOutputStream(), answer);
        } catch (IOException | InterruptedException | RuntimeException e) {
            // The client went away, or the test is over: the connection closes either way.
        }
    }

    private void writeAnswer(OutputStream out, HttpResponse<InputStream> answer) throws IOException {
        Ending how = ending;
        StringBuilder head = new StringBuilder("HTTP/1.1 ").append(answer.statusCode())
                .append(answer.statusCode() == 200 ? " OK" : " Upstream Answer").append("\r\n");
        answer.headers().map().forEach((name, values) -> {
            if (!HOP_BY_HOP.contains(name.toLowerCase(Locale.ROOT)) && !name.startsWith(":")) {
                values.forEach(v -> head.append(name).append(": ").append(v).append("\r\n"));
            }
        });
        try (InputStream body = answer.body()) {
            if (how == Ending.CLOSE) {
                out.write(head.append("Connection: close\r\n\r\n").toString().getBytes(StandardCharsets.ISO_8859_1));
                out.flush();
                // Piece by piece as the fake sends them, so streams stay streams.
                byte[] buffer = new byte[8192];
                for (int n = body.read(buffer); n != -1; n = body.read(buffer)) {
                    out.write(buffer, 0, n);
                    out.flush();
                }
                return;
            }
            byte[] whole = body.readAllBytes();
            if (how == Ending.CUT_SHORT_OF_LENGTH) {
                head.append("Content-Length: ").append(whole.length).append("\r\n");
            }
            out.write(head.append("Connection: close\r\n\r\n").toString().getBytes(StandardCharsets.ISO_8859_1));
            out.write(whole, 0, whole.length / 2);
            out.flush();
        }
    }

    private static String readHead(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int matched = 0;
        byte[] end = {'\r', '\n', '\r', '\n'};
        while (matched < end.length) {
            int b = in.read();
            if (b == -1) {
                throw new IOException("the request head ended early");
            }
            head.write(b);
            matched = b == end[matched] ? matched + 1 : b == '\r' ? 1 : 0;
        }
        String text = head.toString(StandardCharsets.ISO_8859_1);
        return text.substring(0, text.length() - end.length);
    }
}
