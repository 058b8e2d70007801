package dev.reprise.bench.load;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;

/**
 * A tiny OpenAI-compatible upstream for load runs: answers {@code POST /v1/chat/completions} at once with a fixed small
 * completion (or, for {@code "stream": true}, a fixed SSE stream of five chunks and {@code [DONE]}), and
 * {@code GET /v1/models} with one model. Handlers run on the server's dispatcher thread, since none of them blocks,
 * so the upstream costs as little CPU as the JDK server allows and never becomes the bottleneck of what is measured.
 *
 * <p>Run: {@code java -cp bench/target/reprise-bench.jar:bench/target/lib/* dev.reprise.bench.load.FakeUpstream
 * --port 8090}; it prints {@code fake-upstream listening on http://127.0.0.1:PORT} once ready.
 */
public final class FakeUpstream implements AutoCloseable {

    static final String MODEL = "gpt-4o-mini";
    static final String ANSWER = "Open Settings, choose Account, then Security, and click Reset password.";

    private static final Pattern STREAM_TRUE = Pattern.compile("\"stream\"\\s*:\\s*true");
    private static final byte[] COMPLETION = ("{\"id\":\"chatcmpl-fake\",\"object\":\"chat.completion\","
            + "\"created\":1700000000,\"model\":\"" + MODEL + "\",\"choices\":[{\"index\":0,\"message\":"
            + "{\"role\":\"assistant\",\"content\":\"" + ANSWER + "\"},\"finish_reason\":\"stop\"}],"
            + "\"usage\":{\"prompt_tokens\":20,\"completion_tokens\":14,\"total_tokens\":34}}")
            .getBytes(StandardCharsets.UTF_8);
    private static final byte[] STREAM = (chunk("{\"role\":\"assistant\",\"content\":\"\"}", null)
            + chunk("{\"content\":\"Open Settings, choose Account, \"}", null)
            + chunk("{\"content\":\"then Security, \"}", null)
            + chunk("{\"content\":\"and click Reset password.\"}", null)
            + chunk("{}", "\"stop\"")
            + "data: [DONE]\n\n").getBytes(StandardCharsets.UTF_8);
    private static final byte[] MODELS = ("{\"object\":\"list\",\"data\":[{\"id\":\"" + MODEL
            + "\",\"object\":\"model\",\"created\":1700000000,\"owned_by\":\"reprise-bench\"}]}")
            .getBytes(StandardCharsets.UTF_8);
    private static final byte[] NOT_FOUND = "{\"error\":{\"message\":\"not found\",\"type\":\"invalid_request_error\"}}"
            .getBytes(StandardCharsets.UTF_8);

    private final HttpServer server;

    private FakeUpstream(HttpServer server) {
        this.server = server;
    }

    /** Starts listening on {@code host:port} (port 0 picks a free one). */
    public static FakeUpstream start(String host, int port) {
        // The JDK server leaves Nagle on; headers and body go out as two writes, and a client's delayed ACK would
        // then stall every streamed answer by ~40 ms. Read once, when the server classes load.
        System.setProperty("sun.net.httpserver.nodelay", "true");
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress(host, port), 1024);
            server.createContext("/", FakeUpstream::handle);
            server.start();
            return new FakeUpstream(server);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot listen on " + host + ":" + port, e);
        }
    }

    public int port() {
        return server.getAddress().getPort();
    }

    /** The base URL an OpenAI client takes, ending in {@code /v1}. */
    public String baseUrl() {
        return "http://" + server.getAddress().getHostString() + ":" + port() + "/v1";
    }

    @Override
    public void close() {
        server.stop(0);
    }

    private static void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getPath();
            byte[] body;
            try (InputStream in = exchange.getRequestBody()) {
                body = in.readAllBytes();
            }
            if ("POST".equals(exchange.getRequestMethod()) && path.endsWith("/chat/completions")) {
                boolean stream = STREAM_TRUE.matcher(new String(body, StandardCharsets.UTF_8)).find();
                send(exchange, 200, stream ? "text/event-stream" : "application/json", stream ? STREAM : COMPLETION);
            } else if ("GET".equals(exchange.getRequestMethod()) && path.endsWith("/models")) {
                send(exchange, 200, "application/json", MODELS);
            } else {
                send(exchange, 404, "application/json", NOT_FOUND);
            }
        }
    }

    private static void send(HttpExchange exchange, int status, String contentType, byte[] body) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", contentType);
        exchange.sendResponseHeaders(status, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    private static String chunk(String delta, String finishReason) {
        return "data: {\"id\":\"chatcmpl-fake\",\"object\":\"chat.completion.chunk\",\"created\":1700000000,"
                + "\"model\":\"" + MODEL + "\",\"choices\":[{\"index\":0,\"delta\":" + delta
                + ",\"finish_reason\":" + (finishReason == null ? "null" : finishReason) + "}]}\n\n";
    }

    /** {@code --port N} (default 0) and {@code --host H} (default 127.0.0.1); runs until killed. */
    public static void main(String[] args) throws InterruptedException {
        String host = "127.0.0.1";
        int port = 0;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--port" -> port = Integer.parseInt(args[++i]);
                case "--host" -> host = args[++i];
                default -> throw new IllegalArgumentException("unknown argument " + args[i]
                        + "; usage: FakeUpstream [--port N] [--host H]");
            }
        }
        FakeUpstream upstream = start(host, port);
        System.out.println("fake-upstream listening on http://" + host + ":" + upstream.port());
        System.out.flush();
        Thread.currentThread().join();
    }
}
