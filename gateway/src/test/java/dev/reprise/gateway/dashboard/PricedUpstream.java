package dev.reprise.gateway.dashboard;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An OpenAI chat-completions server over real HTTP whose every answer reports the same token usage, so each
 * request's cost is known from the catalogue's prices; or, when failing, a 500 that makes the gateway fall back.
 */
final class PricedUpstream implements AutoCloseable {

    static final int PROMPT_TOKENS = 1000;
    static final int COMPLETION_TOKENS = 500;

    private final HttpServer server;
    private final boolean failing;
    private final AtomicInteger calls = new AtomicInteger();

    private PricedUpstream(boolean failing) throws IOException {
        this.failing = failing;
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/", this::answer);
        server.start();
    }

    static PricedUpstream answering() throws IOException {
        return new PricedUpstream(false);
    }

    static PricedUpstream failing() throws IOException {
        return new PricedUpstream(true);
    }

    String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/v1";
    }

    int calls() {
        return calls.get();
    }

    /** What one answered request costs at these prices per million tokens. */
    static double cost(double inputPerMillion, double outputPerMillion) {
        return (PROMPT_TOKENS * inputPerMillion + COMPLETION_TOKENS * outputPerMillion) / 1_000_000;
    }

    private void answer(HttpExchange ex) throws IOException {
        try (ex) {
            ex.getRequestBody().readAllBytes();
            int n = calls.incrementAndGet();
            String body = failing
                    ? "{\"error\":{\"message\":\"upstream down\",\"type\":\"server_error\",\"param\":null,\"code\":null}}"
                    : """
                    {"id":"chatcmpl-%d","object":"chat.completion","created":1700000000,"model":"priced",
                     "choices":[{"index":0,"message":{"role":"assistant","content":"answer %d"},"finish_reason":"stop"}],
                     "usage":{"prompt_tokens":%d,"completion_tokens":%d,"total_tokens":%d}}
                    """.formatted(n, n, PROMPT_TOKENS, COMPLETION_TOKENS, PROMPT_TOKENS + COMPLETION_TOKENS);
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            ex.getResponseHeaders().set("Content-Type", "application/json");
            ex.sendResponseHeaders(failing ? 500 : 200, bytes.length);
            ex.getResponseBody().write(bytes);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
