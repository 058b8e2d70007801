package dev.reprise.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * A real HTTP/1.1 server on a free loopback port that plays an upstream: it records each request and answers with
 * the scripted {@link Reply}, including streams that never end and servers that hang. {@link OpenAiReplies} has
 * the OpenAI chat-completions answers; a request with {@code Upgrade: h2c} is answered as plain HTTP/1.1.
 */
public final class FakeUpstream implements AutoCloseable {

    /** How the upstream answers one request. */
    @FunctionalInterface
    public interface Reply {
        void write(HttpExchange exchange, FakeUpstream upstream) throws IOException, InterruptedException;
    }

    /** One request as the upstream saw it. */
    public record Recorded(String method, String path, String query, Map<String, List<String>> headers,
                           String body) {

        private static final ObjectMapper JSON = new ObjectMapper();

        public JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (IOException e) {
                throw new AssertionError("request body is not JSON: " + body, e);
            }
        }

        /** The header's values joined by commas, matched without regard to case, or null when absent. */
        public String header(String name) {
            return headers.entrySet().stream()
                    .filter(e -> e.getKey().equalsIgnoreCase(name))
                    .map(e -> String.join(",", e.getValue()))
                    .findFirst().orElse(null);
        }
    }

    private final HttpServer server;
    private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
    private final List<Recorded> requests = new CopyOnWriteArrayList<>();
    private final CountDownLatch received = new CountDownLatch(1);
    private final CountDownLatch disconnected = new CountDownLatch(1);
    private final CountDownLatch released = new CountDownLatch(1);
    private volatile Function<Recorded, Reply> replies = request -> json(500, "{\"error\":\"no reply scripted\"}",
            Map.of());

    public FakeUpstream() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(executor);
        server.createContext("/", this::handle);
        server.start();
    }

    /** The root address, such as {@code http://127.0.0.1:1234}, without a trailing slash. */
    public String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** Answers every request from now on with {@code next}. */
    public void answer(Reply next) {
        this.replies = request -> next;
    }

    /** Answers each request from now on with the reply {@code choose} picks for it (by its body, say). */
    public void answerEach(Function<Recorded, Reply> choose) {
        this.replies = choose;
    }

    public List<Recorded> requests() {
        return List.copyOf(requests);
    }

    public Recorded lastRequest() {
        if (requests.isEmpty()) {
            throw new AssertionError("the upstream received no request");
        }
        return requests.get(requests.size() - 1);
    }

    public boolean awaitRequest(Duration timeout) throws InterruptedException {
        return received.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** True once a write to a streaming client failed: the client closed the connection. */
    public boolean awaitDisconnect(Duration timeout) throws InterruptedException {
        return disconnected.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public void close() {
        released.countDown();
        server.stop(0);
        executor.shutdownNow();
    }

    /**
     * A loopback port nothing listens on, for refused connections. It stays bound (never listening) for the life of
     * the JVM, without address reuse, so no server, in this process or another, can take it between the test's
     * choice and its use: a port merely closed again was once given to another test's server, whose answer turned a
     * refused connection into a 404.
     */
    public static int closedPort() {
        return RESERVED.getLocalPort();
    }

    private static final Socket RESERVED = reserve();

    private static Socket reserve() {
        try {
            Socket socket = new Socket();
            socket.setReuseAddress(false);
            socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            return socket;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot reserve a loopback port", e);
        }
    }

    private void handle(HttpExchange exchange) {
        try (exchange) {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            Recorded request = new Recorded(exchange.getRequestMethod(), exchange.getRequestURI().getPath(),
                    exchange.getRequestURI().getQuery(), Map.copyOf(exchange.getRequestHeaders()), body);
            requests.add(request);
            received.countDown();
            replies.apply(request).write(exchange, this);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException e) {
            // The client hung up (a timeout or a cancel): nothing to answer.
        }
    }

    // ---- replies that know nothing of the wire format ----

    public static Reply json(int status, String body, Map<String, String> headers) {
        return (exchange, upstream) -> {
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            headers.forEach((k, v) -> exchange.getResponseHeaders().set(k, v));
            exchange.sendResponseHeaders(status, bytes.length);
            exchange.getResponseBody().write(bytes);
        };
    }

    /** A 200 stream of the given pieces, each flushed on its own, then the end of the body. */
    public static Reply stream(String contentType, List<String> pieces) {
        return (exchange, upstream) -> {
            OutputStream out = open(exchange, contentType);
            for (String piece : pieces) {
                out.write(piece.getBytes(StandardCharsets.UTF_8));
                out.flush();
            }
        };
    }

    /** The head pieces, then {@code repeated} every 20 ms until the client goes away (or 30 s pass). */
    public static Reply endless(String contentType, List<String> head, String repeated) {
        return (exchange, upstream) -> {
            OutputStream out = open(exchange, contentType);
            try {
                for (String piece : head) {
                    out.write(piece.getBytes(StandardCharsets.UTF_8));
                    out.flush();
                }
                for (int i = 0; i < 1500; i++) {
                    Thread.sleep(20);
                    out.write(repeated.getBytes(StandardCharsets.UTF_8));
                    out.flush();
                }
            } catch (IOException clientGone) {
                upstream.disconnected.countDown();
            }
        };
    }

    /**
     * A 200 whose body never reaches its first event: a space every 20 ms (no newline, so no parser sees a line)
     * until the client goes away or 30 s pass.
     */
    public static Reply silent(String contentType) {
        return (exchange, upstream) -> {
            OutputStream out = open(exchange, contentType);
            try {
                for (int i = 0; i < 1500; i++) {
                    out.write(' ');
                    out.flush();
                    Thread.sleep(20);
                }
            } catch (IOException clientGone) {
                upstream.disconnected.countDown();
            }
        };
    }

    /** The head pieces, then silence until the upstream closes. */
    public static Reply stall(String contentType, List<String> head) {
        return (exchange, upstream) -> {
            OutputStream out = open(exchange, contentType);
            for (String piece : head) {
                out.write(piece.getBytes(StandardCharsets.UTF_8));
                out.flush();
            }
            upstream.released.await(30, TimeUnit.SECONDS);
        };
    }

    /** No answer at all until the upstream closes. */
    public static Reply hang() {
        return (exchange, upstream) -> upstream.released.await(30, TimeUnit.SECONDS);
    }

    private static OutputStream open(HttpExchange exchange, String contentType) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", contentType);
        exchange.sendResponseHeaders(200, 0);
        return exchange.getResponseBody();
    }
}
