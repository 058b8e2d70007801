package dev.reprise.gateway.http;

import dev.reprise.gateway.GatewayFixture;
import dev.reprise.gateway.RawClient;
import dev.reprise.gateway.error.GatewayException;
import io.helidon.webserver.WebServer;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;

import static dev.reprise.gateway.http.ErrorAssertions.assertError;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The last lines of defence: exceptions that escape a handler, and requests Helidon refuses itself. */
class FallbacksTest {

    @Test
    void should_answer_an_escaped_exception_with_a_bare_500() throws Exception {
        WebServer server = WebServer.builder().host("127.0.0.1").port(0)
                .routing(r -> r.addFilter(new RequestIdFilter())
                        .get("/boom", (req, res) -> {
                            throw new IllegalStateException("internal detail that must stay in the log");
                        })
                        .error(GatewayException.class, Fallbacks.gatewayErrors())
                        .error(Throwable.class, Fallbacks.unexpected()))
                .build().start();
        try (HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build()) {
            HttpResponse<String> res = http.send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + server.port() + "/boom")).build(), HttpResponse.BodyHandlers.ofString());
            assertError(res, 500, "server_error", null, null);
            assertTrue(!res.body().contains("internal detail"), res.body());
        } finally {
            server.stop();
        }
    }

    @Test
    void should_answer_a_malformed_http_request_in_openai_shape() throws IOException {
        try (GatewayFixture fx = GatewayFixture.start(GatewayFixture.MOCK_ONLY);
             Socket socket = new Socket("127.0.0.1", fx.port())) {
            socket.setSoTimeout(5_000);
            OutputStream out = socket.getOutputStream();
            out.write("GET /health HTTP/1.1\r\nHost: x\r\nBad Header Without Colon\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            String answer = new String(in.readNBytes(2048), StandardCharsets.UTF_8);
            assertTrue(answer.startsWith("HTTP/1.1 400"), answer);
            assertTrue(answer.toLowerCase().contains("x-request-id: req_"), answer);
            assertTrue(answer.contains("{\"error\":{"), answer);
            assertTrue(answer.contains("\"type\":\"invalid_request_error\""), answer);
        }
    }

    /** HTTP/1.0 (old health checkers still send it) is the client's to change: a 400, not Helidon's 505 server_error. */
    @Test
    void should_answer_400_to_http_1_0() {
        try (GatewayFixture fx = GatewayFixture.start(GatewayFixture.MOCK_ONLY);
             RawClient client = RawClient.connect(fx.port())) {
            String answer = client.send("GET /health HTTP/1.0\r\nHost: x\r\n\r\n").halfClose()
                    .readUntilClosed();

            assertTrue(answer.startsWith("HTTP/1.1 400"), answer);
            assertTrue(answer.contains("\"code\":\"unsupported_http_version\""), answer);
            assertTrue(answer.contains("\"type\":\"invalid_request_error\""), answer);
            ErrorAssertions.assertNoLeak(answer);
        }
    }
}
