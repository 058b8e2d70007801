package dev.reprise.gateway.upstream;

import dev.reprise.models.provider.ProviderException;

/** Short, bounded names for why an attempt failed: metric tag values and fallback reasons. */
public final class FailureReason {

    private FailureReason() {
    }

    public static String of(Throwable e) {
        return switch (e) {
            case ProviderException.RateLimited r -> "rate-limited";
            case ProviderException.ServerError s -> "server-error";
            case ProviderException.Timeout t -> "timeout";
            case ProviderException.ConnectFailed c -> "connect-failed";
            case ProviderException.AuthFailed a -> "auth-failed";
            case ProviderException.ContextLengthExceeded c -> "context-length";
            case ProviderException.BadRequest b -> "bad-request";
            case ProviderException.IncompleteAnswer i -> "incomplete-answer";
            case ProviderException.Cancelled c -> "cancelled";
            case ProviderException.CircuitOpen o -> "breaker-open";
            case Unavailable u -> u.reason();
            case null, default -> "other";
        };
    }
}
