package dev.reprise.models.provider.internal;

import dev.langchain4j.exception.HttpException;
import dev.langchain4j.exception.TimeoutException;
import dev.reprise.models.catalogue.Deployment;
import dev.reprise.models.catalogue.ProviderKind;
import dev.reprise.models.catalogue.Secret;
import dev.reprise.models.provider.ProviderException;
import org.junit.jupiter.api.Test;

import java.net.SocketTimeoutException;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * How timeouts from the HTTP layer are told apart (one that never reached the upstream is not a slow answer), and
 * that a quoted upstream message never keeps the key, whole or in part.
 */
class ErrorMappingTest {

    private final ErrorMapping mapping = new ErrorMapping(new Deployment("gpt", ProviderKind.OPENAI, "gpt-4o-mini",
            "http://127.0.0.1:9/v1", Secret.of("sk-secret"), Duration.ofMinutes(2), null, null,
            Duration.ofMillis(750)));

    @Test
    void should_report_a_connect_timeout_as_a_failed_connect_with_its_limit() {
        ProviderException e = mapping.map(new TimeoutException(new SocketTimeoutException("Connect timed out")));

        ProviderException.ConnectFailed failed = assertInstanceOf(ProviderException.ConnectFailed.class, e);
        assertTrue(failed.getMessage().contains("could not connect within 750 ms"), failed.getMessage());
    }

    @Test
    void should_report_a_read_timeout_as_a_timeout() {
        ProviderException e = mapping.map(new TimeoutException(new SocketTimeoutException("Read timed out")));

        assertInstanceOf(ProviderException.Timeout.class, e);
    }

    @Test
    void should_keep_no_piece_of_the_key_when_the_upstream_echoes_it_where_the_quote_is_cut() {
        String key = "sk-proj-ECHOEDa1b2c3d4e5f6g7h8i9";
        ErrorMapping keyed = new ErrorMapping(new Deployment("gpt", ProviderKind.OPENAI, "gpt-4o-mini",
                "http://127.0.0.1:9/v1", Secret.of(key), Duration.ofMinutes(2), null, null, Duration.ofMillis(750)));
        // The key starts 20 characters before the 300th of the message, where the quote is cut.
        String lead = "Incorrect API key provided: ";
        String message = lead + "x".repeat(280 - lead.length()) + key + " (check your settings)";

        ProviderException e = keyed.map(new HttpException(401, "{\"error\":{\"message\":\"" + message + "\"}}"));

        assertInstanceOf(ProviderException.AuthFailed.class, e);
        assertTrue(e.getMessage().contains("Incorrect API key provided"), e.getMessage());
        assertFalse(e.getMessage().contains(key.substring(0, 12)), "a piece of the key: " + e.getMessage());
    }
}
