package dev.reprise.models.provider;

import java.time.Duration;
import java.util.Optional;

/**
 * An upstream call that failed, typed by what the gateway should do about it. Fallback and retry
 * decide with {@code instanceof} on these types, never by matching messages. Messages name the
 * provider and deployment, never a key.
 */
public sealed class ProviderException extends RuntimeException
        permits ProviderException.Retriable, ProviderException.AuthFailed, ProviderException.BadRequest,
        ProviderException.IncompleteAnswer, ProviderException.Cancelled, ProviderException.CircuitOpen {

    private final String provider;
    private final int upstreamStatus;

    protected ProviderException(String provider, int upstreamStatus, String message, Throwable cause) {
        super(message, cause);
        this.provider = provider;
        this.upstreamStatus = upstreamStatus;
    }

    /** The provider's config name, e.g. {@code openai}. */
    public String provider() {
        return provider;
    }

    /** The HTTP status the upstream answered, or 0 when there was no answer. */
    public int upstreamStatus() {
        return upstreamStatus;
    }

    /** Failures that may succeed on another attempt or another deployment. */
    public static sealed class Retriable extends ProviderException
            permits RateLimited, ServerError, Timeout, ConnectFailed {
        protected Retriable(String provider, int status, String message, Throwable cause) {
            super(provider, status, message, cause);
        }
    }

    /** 429: passed through to the client with its Retry-After. */
    public static final class RateLimited extends Retriable {
        private final Duration retryAfter;

        public RateLimited(String provider, String message, Duration retryAfter, Throwable cause) {
            super(provider, 429, message, cause);
            this.retryAfter = retryAfter;
        }

        public Optional<Duration> retryAfter() {
            return Optional.ofNullable(retryAfter);
        }
    }

    /** 5xx from the upstream, or an answer we could not read. */
    public static final class ServerError extends Retriable {
        public ServerError(String provider, int status, String message, Throwable cause) {
            super(provider, status, message, cause);
        }
    }

    /** No (complete) answer within the deployment's timeout. */
    public static final class Timeout extends Retriable {
        public Timeout(String provider, String message, Throwable cause) {
            super(provider, 0, message, cause);
        }
    }

    /** The connection could not be made or was reset. */
    public static final class ConnectFailed extends Retriable {
        public ConnectFailed(String provider, String message, Throwable cause) {
            super(provider, 0, message, cause);
        }
    }

    /** 401/403: the gateway's credentials for this provider are wrong; the client cannot fix it. */
    public static final class AuthFailed extends ProviderException {
        public AuthFailed(String provider, int status, String message, Throwable cause) {
            super(provider, status, message, cause);
        }
    }

    /** Another 4xx: the request itself is wrong for this upstream. Never retried. */
    public static sealed class BadRequest extends ProviderException permits ContextLengthExceeded {
        public BadRequest(String provider, int status, String message, Throwable cause) {
            super(provider, status, message, cause);
        }
    }

    /** The prompt does not fit the model's window: a larger-window fallback may serve it. */
    public static final class ContextLengthExceeded extends BadRequest {
        public ContextLengthExceeded(String provider, String message, Throwable cause) {
            super(provider, 400, message, cause);
        }
    }

    /**
     * The upstream accepted the request (it answered 200) but its answer was cut short or could not be read.
     * It is the upstream's fault, yet never retried: the upstream has done the work and billed it, and a
     * second call would bill it again, so the client is told and decides.
     */
    public static final class IncompleteAnswer extends ProviderException {
        public IncompleteAnswer(String provider, String message, Throwable cause) {
            super(provider, 200, message, cause);
        }
    }

    /**
     * No call was made: every deployment that could serve the request is open-circuited after repeated
     * failures. The message says which and when; {@code retryAfter} is how long until the first is tried again.
     */
    public static final class CircuitOpen extends ProviderException {
        private final Duration retryAfter;

        public CircuitOpen(String provider, String message, Duration retryAfter) {
            super(provider, 0, message, null);
            this.retryAfter = retryAfter;
        }

        public Duration retryAfter() {
            return retryAfter;
        }
    }

    /** The call was cancelled by us (the client went away); nobody is waiting for an answer. */
    public static final class Cancelled extends ProviderException {
        public Cancelled(String provider) {
            super(provider, 0, "cancelled", null);
        }
    }
}
