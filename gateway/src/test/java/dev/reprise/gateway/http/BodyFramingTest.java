package dev.reprise.gateway.http;

import dev.reprise.gateway.GatewayFixture;
import dev.reprise.gateway.LogCapture;
import dev.reprise.gateway.RawClient;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A body whose transfer framing is broken is the client's fault: a 400 in OpenAI's shape that closes the
 * connection, not a 500 with a stack trace in the log.
 */
class BodyFramingTest {

    private static final String CHAT_HEAD = "POST /v1/chat/completions HTTP/1.1\r\nHost: x\r\n"
            + "Content-Type: application/json\r\n";
    private static final String BODY = GatewayFixture.chat("mock", "hi");

    @ParameterizedTest
    @ValueSource(strings = {"zz", "ffffffffffffffffffff", "-1"})
    void should_answer_400_to_a_bad_chunk_size(String size) {
        try (GatewayFixture fx = GatewayFixture.start(GatewayFixture.MOCK_ONLY);
             LogCapture logs = LogCapture.warningsAndAbove();
             RawClient client = RawClient.connect(fx.port())) {
            String answer = client.send(CHAT_HEAD + "Transfer-Encoding: chunked\r\n\r\n"
                    + size + "\r\n" + BODY + "\r\n0\r\n\r\n").readUntilClosed();

            assertFramingError(answer);
            assertEquals(List.of(), logs.lines());
        }
    }

    @Test
    void should_answer_400_to_a_body_shorter_than_its_content_length_then_a_half_close() {
        try (GatewayFixture fx = GatewayFixture.start(GatewayFixture.MOCK_ONLY);
             LogCapture logs = LogCapture.warningsAndAbove();
             RawClient client = RawClient.connect(fx.port())) {
            String answer = client.send(CHAT_HEAD + "Content-Length: " + (BODY.length() + 40) + "\r\n\r\n" + BODY)
                    .halfClose().readUntilClosed();

            assertFramingError(answer);
            assertEquals(List.of(), logs.lines());
        }
    }

    @Test
    void should_still_read_a_well_formed_chunked_body() {
        try (GatewayFixture fx = GatewayFixture.start(GatewayFixture.MOCK_ONLY);
             RawClient client = RawClient.connect(fx.port())) {
            String answer = client.send(CHAT_HEAD + "Transfer-Encoding: chunked\r\n\r\n"
                    + Integer.toHexString(BODY.length()) + "\r\n" + BODY + "\r\n0\r\n\r\n").readResponse();

            assertTrue(answer.startsWith("HTTP/1.1 200"), answer);
        }
    }

    /** RFC 9112 allows 501 here, but a client's unsupported coding is its mistake, not a gateway fault to alert on. */
    @ParameterizedTest
    @ValueSource(strings = {"gzip, chunked", "deflate, chunked", "x-nonsense, chunked"})
    void should_answer_400_to_a_transfer_coding_the_gateway_does_not_decode(String coding) {
        try (GatewayFixture fx = GatewayFixture.start(GatewayFixture.MOCK_ONLY);
             RawClient client = RawClient.connect(fx.port())) {
            String answer = client.send(CHAT_HEAD + "Transfer-Encoding: " + coding + "\r\n\r\n"
                    + Integer.toHexString(BODY.length()) + "\r\n" + BODY + "\r\n0\r\n\r\n").halfClose()
                    .readUntilClosed();

            assertTrue(answer.startsWith("HTTP/1.1 400"), answer);
            assertTrue(answer.contains("\"code\":\"unsupported_transfer_encoding\""), answer);
            assertTrue(answer.contains("\"type\":\"invalid_request_error\""), answer);
            ErrorAssertions.assertNoLeak(answer);
        }
    }

    private static void assertFramingError(String answer) {
        assertTrue(answer.startsWith("HTTP/1.1 400"), answer);
        assertTrue(answer.toLowerCase().contains("connection: close"), answer);
        assertTrue(answer.contains("\"code\":\"invalid_body_framing\""), answer);
        assertTrue(answer.contains("\"type\":\"invalid_request_error\""), answer);
        ErrorAssertions.assertNoLeak(answer);
    }
}
