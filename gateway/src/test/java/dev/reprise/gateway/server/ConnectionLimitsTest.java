package dev.reprise.gateway.server;

import dev.reprise.gateway.GatewayFixture;
import dev.reprise.gateway.LogCapture;
import dev.reprise.gateway.RawClient;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The real server with small timeouts: a client that stops sending loses its connection, one that asks to
 * close gets it closed, and connections past the cap wait until others leave. Each closing is awaited with
 * {@link RawClient#PATIENCE}, far above the timeouts, so the tests say whether, never how fast.
 */
class ConnectionLimitsTest {

    private static final String SHORT_TIMEOUTS = """
            server:
              header-timeout: 1s
              body-timeout: 1s
              idle-timeout: 1s
            models:
              - name: mock
                provider: mock
                latency: 0ms
              - name: slow
                provider: mock
                latency: 2500ms
            """;
    private static final String HEALTH = "GET /health HTTP/1.1\r\nHost: x\r\n\r\n";

    @Test
    void should_close_a_connection_whose_headers_never_end() {
        try (GatewayFixture fx = GatewayFixture.start(SHORT_TIMEOUTS);
             LogCapture logs = LogCapture.warningsAndAbove();
             RawClient loris = RawClient.connect(fx.port())) {
            String answer = loris.send("GET /health HTTP/1.1\r\nHost: x\r\n").readUntilClosed();

            assertEquals("", answer);
            assertEquals(List.of(), logs.lines());
            assertEquals(200, fx.get("/health").statusCode());
        }
    }

    @Test
    void should_not_log_a_stack_trace_for_a_client_that_hangs_up_mid_headers() {
        try (GatewayFixture fx = GatewayFixture.start(GatewayFixture.MOCK_ONLY);
             LogCapture logs = LogCapture.warningsAndAbove();
             RawClient client = RawClient.connect(fx.port())) {
            // Helidon logs before it closes the connection, so once closed, the log holds whatever it wrote.
            client.send("GET /health HTTP/1.1\r\nHost: x\r\n").halfClose().readUntilClosed();

            assertEquals(List.of(), logs.lines());
        }
    }

    @Test
    void should_close_a_connection_that_sends_nothing() {
        try (GatewayFixture fx = GatewayFixture.start(SHORT_TIMEOUTS);
             RawClient silent = RawClient.connect(fx.port())) {
            assertEquals("", silent.readUntilClosed());
        }
    }

    @Test
    void should_close_a_connection_whose_body_stops_mid_way() {
        String body = GatewayFixture.chat("mock", "hi");
        try (GatewayFixture fx = GatewayFixture.start(SHORT_TIMEOUTS);
             LogCapture logs = LogCapture.warningsAndAbove();
             RawClient stalled = RawClient.connect(fx.port())) {
            String answer = stalled.send("POST /v1/chat/completions HTTP/1.1\r\nHost: x\r\n"
                    + "Content-Type: application/json\r\nContent-Length: " + (body.length() + 10) + "\r\n\r\n" + body)
                    .readUntilClosed();

            assertEquals("", answer, "nobody is left to read an answer once the connection is closed");
            assertEquals(List.of(), logs.lines());
        }
    }

    @Test
    void should_close_a_kept_alive_connection_left_idle() {
        try (GatewayFixture fx = GatewayFixture.start(SHORT_TIMEOUTS);
             RawClient client = RawClient.connect(fx.port())) {
            assertTrue(client.send(HEALTH).readResponse().startsWith("HTTP/1.1 200"));

            assertEquals("", client.readUntilClosed());
        }
    }

    @Test
    void should_not_cut_a_request_whose_answer_takes_longer_than_every_timeout() {
        try (GatewayFixture fx = GatewayFixture.start(SHORT_TIMEOUTS)) {
            var res = fx.post("/v1/chat/completions", GatewayFixture.chat("slow", "take your time"));

            assertEquals(200, res.statusCode(), res.body());
        }
    }

    @Test
    void should_serve_several_requests_on_one_kept_alive_connection() {
        try (GatewayFixture fx = GatewayFixture.start(GatewayFixture.MOCK_ONLY);
             RawClient client = RawClient.connect(fx.port())) {
            for (int i = 0; i < 3; i++) {
                String answer = client.send(HEALTH).readResponse();
                assertTrue(answer.startsWith("HTTP/1.1 200"), answer);
                assertFalse(answer.toLowerCase().contains("connection: close"), answer);
            }
        }
    }

    @Test
    void should_close_the_connection_after_answering_a_request_that_asks_for_it() {
        try (GatewayFixture fx = GatewayFixture.start(GatewayFixture.MOCK_ONLY);
             RawClient client = RawClient.connect(fx.port())) {
            String answer = client.send("GET /health HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
                    .readUntilClosed();

            assertTrue(answer.startsWith("HTTP/1.1 200"), answer);
            assertTrue(answer.toLowerCase().contains("connection: close"), answer);
            assertTrue(answer.endsWith("}"), "the whole body came before the close: " + answer);
        }
    }

    @Test
    void should_queue_connections_beyond_the_cap_and_serve_them_when_others_leave() {
        try (GatewayFixture fx = GatewayFixture.start("server:\n  max-connections: 2\n" + GatewayFixture.MOCK_ONLY);
             RawClient first = RawClient.connect(fx.port());
             RawClient second = RawClient.connect(fx.port())) {
            // Answered requests prove the first two hold the two slots (kept alive for the default 60 s).
            assertTrue(first.send(HEALTH).readResponse().startsWith("HTTP/1.1 200"));
            assertTrue(second.send(HEALTH).readResponse().startsWith("HTTP/1.1 200"));

            try (RawClient third = RawClient.connect(fx.port())) {
                third.send(HEALTH);
                assertFalse(third.answersWithin(Duration.ofMillis(300)), "a third connection waits for a slot");

                first.close();
                assertTrue(third.readResponse().startsWith("HTTP/1.1 200"), "served once a slot is free");
            }
            second.close();
            assertEquals(200, fx.get("/health").statusCode());
        }
    }
}
