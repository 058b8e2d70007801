package dev.reprise.gateway.ledger;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An OpenAI chat-completions upstream over real HTTP: a whole answer with usage (11 prompt, 3 completion tokens),
 * or for {@code "stream": true} an SSE stream of "Hello", " there" ending with a usage chunk, left out when the
 * prompt contains {@code no-usage}. A failing one answers every call with a 500 in OpenAI's error shape.
 */
final class LedgerUpstream implements AutoCloseable {

    static final String ANSWER = "Hello there";

    private final HttpServer server;
    private final boolean failing;
    final AtomicInteger calls = new AtomicInteger();

    private LedgerUpstream(boolean failing) throws IOException {
        this.failing = failing;
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/", ex -> {
            try (ex) {
                String body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
                calls.incrementAndGet();
                answer(ex, body);
            } catch (IOException e) {
                // the gateway hung up
            }
        });
        server.start();
    }

    static LedgerUpstream answering() throws IOException {
        return new LedgerUpstream(false);
    }

    static LedgerUpstream failing() throws IOException {
        return new LedgerUpstream(true);
    }

    String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/v1";
    }

    private void answer(HttpExchange ex, String body) throws IOException {
        if (failing) {
            send(ex, 500, "application/json", "{\"error\":{\"message\":\"upstream broke\",\"type\":\"server_error\","
                    + "\"param\":null,\"code\":null}}");
            return;
        }
        if (!body.matches("(?s).*\"stream\"\\s*:\\s*true.*")) {
            send(ex, 200, "application/json", """
                    {"id":"chatcmpl-up","object":"chat.completion","created":1700000000,"model":"up-model",
                     "choices":[{"index":0,"message":{"role":"assistant","content":"%s"},"finish_reason":"stop"}],
                     "usage":{"prompt_tokens":11,"completion_tokens":3,"total_tokens":14}}
                    """.formatted(ANSWER));
            return;
        }
        ex.getResponseHeaders().set("Content-Type", "text/event-stream");
        ex.sendResponseHeaders(200, 0);
        OutputStream out = ex.getResponseBody();
        String head = "{\"id\":\"chatcmpl-up\",\"object\":\"chat.completion.chunk\",\"created\":1700000000,"
                + "\"model\":\"up-model\",";
        event(out, head + "\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":\"Hello\"},"
                + "\"finish_reason\":null}]}");
        event(out, head + "\"choices\":[{\"index\":0,\"delta\":{\"content\":\" there\"},\"finish_reason\":null}]}");
        event(out, head + "\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"stop\"}]}");
        if (!body.contains("no-usage")) {
            event(out, head + "\"choices\":[],\"usage\":{\"prompt_tokens\":11,\"completion_tokens\":3,"
                    + "\"total_tokens\":14}}");
        }
        event(out, "[DONE]");
    }

    private static void event(OutputStream out, String data) throws IOException {
        out.write(("data: " + data + "\n\n").getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    private static void send(HttpExchange ex, int status, String type, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", type);
        ex.sendResponseHeaders(status, bytes.length);
        ex.getResponseBody().write(bytes);
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
