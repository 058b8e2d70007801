package dev.reprise.models.provider.internal;

import dev.langchain4j.exception.HttpException;

import java.time.Duration;
import java.util.Optional;

/**
 * A non-2xx upstream answer that keeps what LangChain4j's own {@link HttpException} drops: the
 * Retry-After the upstream asked for. LangChain4j wraps it as a cause, so error mapping finds it.
 */
public final class UpstreamHttpException extends HttpException {

    private final transient Duration retryAfter;

    public UpstreamHttpException(int statusCode, String body, Duration retryAfter) {
        super(statusCode, body);
        this.retryAfter = retryAfter;
    }

    /** The upstream's error body, as it sent it. */
    public String body() {
        return getMessage();
    }

    public Optional<Duration> retryAfter() {
        return Optional.ofNullable(retryAfter);
    }
}
