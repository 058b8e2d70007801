package dev.reprise.models.provider.internal;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A whole answer's body read against a deadline on a ticker the test moves. */
class AnswerDeadlineTest {

    private final AtomicLong now = new AtomicLong(1_000);

    private AnswerDeadline body(String text, long deadline) {
        return new AnswerDeadline(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)), deadline,
                now::get, "500ms");
    }

    @Test
    void should_read_a_body_that_ends_before_its_deadline() throws IOException {
        try (AnswerDeadline in = body("{\"ok\":true}", 2_000)) {
            assertEquals("{\"ok\":true}", new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
    }

    @Test
    void should_fail_the_first_read_past_the_deadline_as_a_read_timeout() throws IOException {
        try (AnswerDeadline in = body("   {}", 2_000)) {
            assertEquals(' ', in.read());
            now.set(2_000);

            SocketTimeoutException e = assertThrows(SocketTimeoutException.class, () -> in.read(new byte[8], 0, 8));
            assertTrue(e.getMessage().contains("500ms"), e.getMessage());
            assertThrows(SocketTimeoutException.class, in::read);
        }
    }
}
