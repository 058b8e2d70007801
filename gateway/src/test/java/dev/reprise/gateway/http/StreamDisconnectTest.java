package dev.reprise.gateway.http;

import dev.reprise.gateway.FakeProviders;
import dev.reprise.gateway.GatewayFixture;
import dev.reprise.gateway.config.GatewayConfig;
import dev.reprise.models.catalogue.Deployment;
import dev.reprise.models.provider.MockProvider;
import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A client that hangs up mid-stream must cancel the upstream call instead of letting it run on. */
class StreamDisconnectTest {

    private static final String STREAM_BODY =
            "{\"model\":\"%s\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"go on forever\"}]}";

    /** Sends a streaming request on a raw socket, reads until {@code marker} appears, then hangs up. */
    private static String readUntilThenHangUp(int port, String alias, String marker) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(10_000);
            byte[] body = String.format(STREAM_BODY, alias).getBytes(StandardCharsets.UTF_8);
            OutputStream out = socket.getOutputStream();
            out.write(("POST /v1/chat/completions HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                    + "Content-Length: " + body.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.write(body);
            out.flush();
            BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
            StringBuilder seen = new StringBuilder();
            String line;
            while ((line = in.readLine()) != null) {
                seen.append(line).append('\n');
                if (line.startsWith(marker)) {
                    return seen.toString();
                }
            }
            return seen.toString();
        }
    }

    @Test
    void should_cancel_the_upstream_when_the_client_leaves_mid_stream() throws Exception {
        Deployment d = FakeProviders.openAiDeployment("endless");
        FakeProviders.Endless endless = new FakeProviders.Endless(d, Duration.ofMillis(20));
        try (GatewayFixture fx = GatewayFixture.start(GatewayConfig.of(List.of(d)), dep -> endless)) {
            String seen = readUntilThenHangUp(fx.port(), "endless", "data: ");
            assertTrue(seen.startsWith("HTTP/1.1 200"), seen);

            assertTrue(endless.cancelled.await(10, TimeUnit.SECONDS), "the upstream stream was cancelled");
            assertEquals(1, endless.cancels.get());
            awaitMetric(fx, "reprise_requests_total{model=\"endless\",provider=\"openai\",status=\"499\"} 1.0");
        }
    }

    @Test
    void should_notice_a_client_that_leaves_before_the_first_token() throws Exception {
        // The mock thinks for 5s; keep-alive comments every 50ms find the closed socket long before that.
        GatewayConfig config = GatewayFixture.config("""
                server:
                  stream-keep-alive: 50ms
                models:
                  - name: thinker
                    provider: mock
                    latency: 5s
                """);
        FakeProviders.CancelCounting[] provider = new FakeProviders.CancelCounting[1];
        try (GatewayFixture fx = GatewayFixture.start(config,
                dep -> provider[0] = new FakeProviders.CancelCounting(new MockProvider(dep)))) {
            String seen = readUntilThenHangUp(fx.port(), "thinker", ": keep-alive");
            assertTrue(seen.contains("\"role\":\"assistant\""), seen);

            assertTrue(provider[0].cancelled.await(4, TimeUnit.SECONDS), "cancelled while the upstream was silent");
        }
    }

    private static void awaitMetric(GatewayFixture fx, String line) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        String text = "";
        while (System.nanoTime() < deadline) {
            text = fx.get("/metrics").body();
            if (text.contains(line)) {
                return;
            }
            Thread.sleep(20);
        }
        throw new AssertionError("metric line '" + line + "' not found in\n" + text);
    }
}
