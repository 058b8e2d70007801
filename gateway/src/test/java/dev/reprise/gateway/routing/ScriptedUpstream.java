package dev.reprise.gateway.routing;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * An OpenAI-compatible upstream on a raw socket, so tests can fail it on the wire: an error status, a 429
 * with {@code retry-after-ms}, a hang, a drip, a connection reset, a stream cut after some tokens, or an answer whose
 * end is the connection's close. Replies are
 * taken from a queue, then from the standing reply. Every connection closes after its answer.
 */
final class ScriptedUpstream implements AutoCloseable {

    /** Writes one answer on the raw connection. */
    @FunctionalInterface
    interface Reply {
        void write(Socket socket, OutputStream out) throws IOException, InterruptedException;
    }

    /** What the upstream received: the bearer key and the body. */
    record Seen(String authorization, String body) {
    }

    private final ServerSocket server;
    private final CountDownLatch closed = new CountDownLatch(1);
    final List<Seen> seen = new CopyOnWriteArrayList<>();
    private final Deque<Reply> queued = new ArrayDeque<>();
    private volatile Function<Seen, Reply> standing = s -> ok("fine");

    ScriptedUpstream() throws IOException {
        server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread.ofVirtual().start(this::acceptLoop);
    }

    String baseUrl() {
        return "http://127.0.0.1:" + server.getLocalPort() + "/v1";
    }

    int calls() {
        return seen.size();
    }

    /** Answers the next requests with {@code replies}, in order, then with the standing reply. */
    synchronized ScriptedUpstream then(Reply... replies) {
        queued.addAll(List.of(replies));
        return this;
    }

    ScriptedUpstream always(Reply reply) {
        standing = s -> reply;
        return this;
    }

    /** A standing reply chosen by what was received (the key, say). */
    ScriptedUpstream always(Function<Seen, Reply> choose) {
        standing = choose;
        return this;
    }

    private synchronized Reply next(Seen s) {
        Reply r = queued.poll();
        return r != null ? r : standing.apply(s);
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            try {
                Socket socket = server.accept();
                Thread.ofVirtual().start(() -> serve(socket));
            } catch (IOException e) {
                return;
            }
        }
    }

    private void serve(Socket socket) {
        try (socket) {
            InputStream in = new BufferedInputStream(socket.getInputStream());
            String authorization = null;
            int length = 0;
            String line = readLine(in);
            while ((line = readLine(in)) != null && !line.isEmpty()) {
                String lower = line.toLowerCase(Locale.ROOT);
                if (lower.startsWith("content-length:")) {
                    length = Integer.parseInt(line.substring(15).strip());
                } else if (lower.startsWith("authorization:")) {
                    authorization = line.substring(14).strip();
                }
            }
            String body = new String(in.readNBytes(length), StandardCharsets.UTF_8);
            Seen s = new Seen(authorization, body);
            seen.add(s);
            next(s).write(socket, socket.getOutputStream());
        } catch (IOException e) {
            // The gateway hung up (a timeout or a cancel).
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static String readLine(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) != -1 && b != '\n') {
            if (b != '\r') {
                line.write(b);
            }
        }
        return b == -1 && line.size() == 0 ? null : line.toString(StandardCharsets.US_ASCII);
    }

    static Reply ok(String content) {
        return (socket, out) -> json(out, 200, "", completion(content));
    }

    /** A whole answer, or the same text streamed when the request asked for a stream. */
    static Function<Seen, Reply> answer(String content) {
        return seen -> seen.body().matches("(?s).*\"stream\"\\s*:\\s*true.*") ? stream(content) : ok(content);
    }

    static Reply status(int code) {
        return status(code, "scripted " + code);
    }

    /** An error status whose message says {@code message} (an upstream that echoes the key it was sent, say). */
    static Reply status(int code, String message) {
        return (socket, out) -> json(out, code, "", "{\"error\":{\"message\":\"" + message
                + "\",\"type\":\"server_error\",\"param\":null,\"code\":null}}");
    }

    static Reply badRequest() {
        return (socket, out) -> json(out, 400, "", "{\"error\":{\"message\":\"bad temperature\","
                + "\"type\":\"invalid_request_error\",\"param\":\"temperature\",\"code\":null}}");
    }

    static Reply contextTooLong() {
        return (socket, out) -> json(out, 400, "", "{\"error\":{\"message\":\"This model's maximum context length "
                + "is 10 tokens\",\"type\":\"invalid_request_error\",\"param\":\"messages\","
                + "\"code\":\"context_length_exceeded\"}}");
    }

    static Reply rateLimited(long retryAfterMillis) {
        return (socket, out) -> json(out, 429, "retry-after-ms: " + retryAfterMillis + "\r\n",
                "{\"error\":{\"message\":\"slow down\",\"type\":\"rate_limit_error\",\"param\":null,\"code\":null}}");
    }

    /** Closes the connection with a TCP reset before answering. */
    static Reply reset() {
        return (socket, out) -> {
            socket.setSoLinger(true, 0);
            socket.close();
        };
    }

    /** Holds the request until the upstream closes. */
    Reply hang() {
        return (socket, out) -> closed.await(30, TimeUnit.SECONDS);
    }

    static Reply stream(String... pieces) {
        return (socket, out) -> {
            streamHead(out);
            for (String p : pieces) {
                chunk(out, piece(p));
            }
            chunk(out, "data: {\"id\":\"c\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"up-model\","
                    + "\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"stop\"}]}\n\n");
            chunk(out, "data: [DONE]\n\n");
            out.write("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
        };
    }

    /** Sends some tokens, then goes silent until the upstream closes. */
    Reply streamThenHang(String... pieces) {
        return (socket, out) -> {
            streamHead(out);
            for (String p : pieces) {
                chunk(out, piece(p));
            }
            closed.await(30, TimeUnit.SECONDS);
        };
    }

    /**
     * A 200 that never gets to its answer: a space (for a stream, an SSE comment) every 20 ms until the gateway hangs up
     * or the upstream closes, as an upstream keeping a hung request's connection warm.
     */
    Reply drip(boolean stream) {
        return (socket, out) -> {
            out.write(("HTTP/1.1 200 OK\r\nContent-Type: " + (stream ? "text/event-stream" : "application/json")
                    + "\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            while (!closed.await(20, TimeUnit.MILLISECONDS)) {
                chunk(out, stream ? ": keep-alive\n\n" : " ");
            }
        };
    }

    /** Sends some tokens, then resets the connection: a stream cut after the first byte. */
    static Reply streamThenCut(String... pieces) {
        return (socket, out) -> {
            streamHead(out);
            for (String p : pieces) {
                chunk(out, piece(p));
            }
            Thread.sleep(50);
            socket.setSoLinger(true, 0);
            socket.close();
        };
    }

    /**
     * A whole answer, or the same text streamed, framed the HTTP/1.1 way with the least framing: no Content-Length,
     * no chunks, {@code Connection: close}; the body ends when the connection closes.
     */
    static Function<Seen, Reply> answerUntilClose(String content) {
        return seen -> seen.body().matches("(?s).*\"stream\"\\s*:\\s*true.*") ? streamUntilClose(content)
                : okUntilClose(content);
    }

    static Reply okUntilClose(String content) {
        return (socket, out) -> untilClose(out, "application/json", completion(content));
    }

    /** Half of a whole answer's JSON, then the connection closes: a body that ends with its connection, cut. */
    static Reply cutUntilClose(String content) {
        String whole = completion(content);
        return (socket, out) -> untilClose(out, "application/json", whole.substring(0, whole.length() / 2));
    }

    static Reply streamUntilClose(String... pieces) {
        StringBuilder body = new StringBuilder();
        for (String p : pieces) {
            body.append(piece(p));
        }
        body.append("data: {\"id\":\"c\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"up-model\","
                + "\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"stop\"}],"
                + "\"usage\":{\"prompt_tokens\":10,\"completion_tokens\":5,\"total_tokens\":15}}\n\n");
        body.append("data: [DONE]\n\n");
        return (socket, out) -> untilClose(out, "text/event-stream", body.toString());
    }

    /** A 200 stream whose connection closes before its first event. */
    static Reply emptyStreamUntilClose() {
        return (socket, out) -> untilClose(out, "text/event-stream", "");
    }

    private static void untilClose(OutputStream out, String contentType, String body) throws IOException {
        out.write(("HTTP/1.1 200 OK\r\nContent-Type: " + contentType + "\r\nConnection: close\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII));
        out.write(body.getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    private static String completion(String content) {
        return """
                {"id":"chatcmpl-up","object":"chat.completion","created":1700000000,"model":"up-model",
                 "choices":[{"index":0,"message":{"role":"assistant","content":"%s"},"finish_reason":"stop"}],
                 "usage":{"prompt_tokens":10,"completion_tokens":5,"total_tokens":15}}
                """.formatted(content);
    }

    private static String piece(String p) {
        return "data: {\"id\":\"c\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"up-model\","
                + "\"choices\":[{\"index\":0,\"delta\":{\"content\":\"" + p + "\"},\"finish_reason\":null}]}\n\n";
    }

    private static void streamHead(OutputStream out) throws IOException {
        out.write(("HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nTransfer-Encoding: chunked\r\n"
                + "Connection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        out.flush();
    }

    private static void chunk(OutputStream out, String data) throws IOException {
        byte[] bytes = data.getBytes(StandardCharsets.UTF_8);
        out.write((Integer.toHexString(bytes.length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
        out.write(bytes);
        out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
        out.flush();
    }

    private static void json(OutputStream out, int status, String extraHeaders, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        out.write(("HTTP/1.1 " + status + " X\r\nContent-Type: application/json\r\nContent-Length: " + bytes.length
                + "\r\n" + extraHeaders + "Connection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        out.write(bytes);
        out.flush();
    }

    @Override
    public void close() throws IOException {
        closed.countDown();
        server.close();
    }
}
