package dev.reprise.models.provider.internal;

import dev.langchain4j.exception.TimeoutException;
import dev.reprise.models.catalogue.Deployment;
import dev.reprise.models.catalogue.ProviderKind;
import dev.reprise.models.catalogue.Secret;
import dev.reprise.models.provider.ProviderException;
import org.junit.jupiter.api.Test;

import java.net.SocketTimeoutException;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** How timeouts from the HTTP layer are told apart: one that never reached the upstream is not a slow answer. */
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
}
