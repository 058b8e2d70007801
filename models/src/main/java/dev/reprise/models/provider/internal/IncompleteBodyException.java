package dev.reprise.models.provider.internal;

/**
 * The body of an upstream's answer ended before its framing said it would (fewer bytes than its
 * Content-Length, no last chunk) or broke off with an error. The upstream had accepted the request, so
 * error mapping reports it as an incomplete answer rather than as a failed connection.
 */
public final class IncompleteBodyException extends RuntimeException {

    public IncompleteBodyException(String message, Throwable cause) {
        super(message, cause);
    }
}
