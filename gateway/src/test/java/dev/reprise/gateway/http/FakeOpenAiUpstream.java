package dev.reprise.gateway.http;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * An OpenAI chat-completions server over real HTTP on an ephemeral port, answering each request as the
 * test scripted it: a status with a body, an SSE stream, or a hang. It records what it received so tests
 * can check the translated request. Requests with {@code Upgrade: h2c} are answered as plain HTTP/1.1.
 */
final class FakeOpenAiUpstream implements AutoCloseable {

    /** What the fake received. */
    record Received(String method, String path, String authorization, String body) {
    }

    /** How the next requests are answered. */
    interface Script {
        void answer(HttpExchange exchange) throws IOException, InterruptedException;
    }

    private final HttpServer server;
    private final CountDownLatch release = new CountDownLatch(1);
    final List<Received> received = new CopyOnWriteArrayList<>();
    private volatile Script script = ex -> json(ex, 500, "{}", Map.of());

    FakeOpenAiUpstream() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/", ex -> {
            try (ex) {
                String body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
                received.add(new Received(ex.getRequestMethod(), ex.getRequestURI().getPath(),
                        ex.getRequestHeaders().getFirst("Authorization"), body));
                script.answer(ex);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (IOException e) {
                // The gateway hung up (a timeout or a cancel): nothing to answer.
            }
        });
        server.start();
    }

    String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/v1";
    }

    void answer(Script next) {
        this.script = next;
    }

    /** A script that answers {@code status} with an OpenAI error body and extra headers. */
    static Script error(int status, String message, Map<String, String> headers) {
        return ex -> json(ex, status, "{\"error\":{\"message\":\"" + message + "\",\"type\":\"x\",\"param\":null,"
                + "\"code\":null}}", headers);
    }

    /** A script that holds the request until the fake closes. */
    Script hang() {
        return ex -> release.await(30, TimeUnit.SECONDS);
    }

    static Script completion(String content) {
        return ex -> json(ex, 200, """
                {"id":"chatcmpl-up","object":"chat.completion","created":1700000000,"model":"gpt-4o-mini-2024-07-18",
                 "choices":[{"index":0,"message":{"role":"assistant","content":"%s"},"finish_reason":"stop"}],
                 "usage":{"prompt_tokens":11,"completion_tokens":3,"total_tokens":14}}
                """.formatted(content), Map.of());
    }

    /** An SSE answer made of the given content pieces, a stop, usage and [DONE]. */
    static Script stream(String... pieces) {
        return ex -> {
            ex.getResponseHeaders().set("Content-Type", "text/event-stream");
            ex.sendResponseHeaders(200, 0);
            OutputStream out = ex.getResponseBody();
            String head = "{\"id\":\"chatcmpl-up\",\"object\":\"chat.completion.chunk\",\"created\":1700000000,"
                    + "\"model\":\"gpt-4o-mini\",";
            event(out, head + "\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":\"\"},"
                    + "\"finish_reason\":null}]}");
            for (String piece : pieces) {
                event(out, head + "\"choices\":[{\"index\":0,\"delta\":{\"content\":\"" + piece + "\"},"
                        + "\"finish_reason\":null}]}");
            }
            event(out, head + "\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"stop\"}]}");
            event(out, head + "\"choices\":[],\"usage\":{\"prompt_tokens\":11,\"completion_tokens\":"
                    + pieces.length + ",\"total_tokens\":" + (11 + pieces.length) + "}}");
            event(out, "[DONE]");
        };
    }

    private static void event(OutputStream out, String data) throws IOException {
        out.write(("data: " + data + "\n\n").getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    private static void json(HttpExchange ex, int status, String body, Map<String, String> headers) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", "application/json");
        headers.forEach((k, v) -> ex.getResponseHeaders().set(k, v));
        ex.sendResponseHeaders(status, bytes.length);
        ex.getResponseBody().write(bytes);
    }

    @Override
    public void close() {
        release.countDown();
        server.stop(0);
    }
}
