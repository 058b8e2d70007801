package dev.reprise.gateway.error;

import dev.reprise.models.provider.ProviderException;
import dev.reprise.models.wire.ErrorBody;

import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.Optional;

/**
 * Every error answer the gateway gives, as an HTTP status plus OpenAI's error envelope. This is the one
 * factory for them: call sites pick a method, never fill the fields by hand, so types and codes stay
 * consistent across the API.
 */
public record GatewayError(int status, String type, String code, String param, String message, Duration retryAfter) {

    public static final String INVALID_REQUEST = "invalid_request_error";
    public static final String UPSTREAM = "upstream_error";
    public static final String RATE_LIMIT = "rate_limit_error";
    public static final String SERVER = "server_error";
    /** OpenAI's type for a spent quota, which waiting a moment does not fix. */
    public static final String QUOTA = "insufficient_quota";

    /** The code of a body whose transfer framing is broken; the connection closes after the answer. */
    public static final String BAD_BODY_FRAMING = "invalid_body_framing";
    /** nginx's "client closed request": never sent, only counted, since nobody is listening. */
    public static final int CLIENT_CLOSED = 499;
    /** What a 429 says when the upstream did not say how long to wait. */
    public static final Duration DEFAULT_RETRY_AFTER = Duration.ofSeconds(1);
    /**
     * The longest message an answer carries. Call sites quote client values through {@link ClientValue};
     * this bound is for what they cannot cut, such as an upstream's message that echoes the prompt.
     */
    public static final int MAX_MESSAGE_LENGTH = 1000;

    /** Cuts an overlong message and {@code param} (a path through a client's map keys can be any length). */
    public GatewayError {
        message = ClientValue.truncate(message, MAX_MESSAGE_LENGTH);
        param = ClientValue.truncate(param);
    }

    /** A 400 about the request; {@code param} names the field (e.g. {@code messages[0].content}) or is null. */
    public static GatewayError invalidRequest(String message, String param) {
        return new GatewayError(400, INVALID_REQUEST, null, param, message, null);
    }

    public static GatewayError modelNotFound(String alias) {
        return new GatewayError(404, INVALID_REQUEST, "model_not_found", "model",
                "The model " + ClientValue.quote(alias) + " does not exist or you do not have access to it.", null);
    }

    /** A gateway key that may not call {@code alias}; names the alias, never the key. */
    public static GatewayError modelNotAllowed(String alias) {
        return new GatewayError(403, INVALID_REQUEST, "model_not_allowed", "model",
                "This API key may not use the model " + ClientValue.quote(alias) + ".", null);
    }

    /** Sensitive data the alias's guardrail blocks; names the kinds found, never the values. */
    public static GatewayError piiDetected(Collection<String> types) {
        return new GatewayError(400, INVALID_REQUEST, "pii_detected", "messages",
                "The request contains sensitive data (" + String.join(", ", types)
                        + ") that this model may not receive. Remove it and try again.", null);
    }

    /** A prompt the alias's injection guardrail blocks. */
    public static GatewayError promptInjectionDetected() {
        return new GatewayError(400, INVALID_REQUEST, "prompt_injection_detected", "messages",
                "The request looks like a prompt injection and was blocked.", null);
    }

    public static GatewayError missingApiKey() {
        return new GatewayError(401, INVALID_REQUEST, "invalid_api_key", null,
                "You didn't provide an API key. Send it as 'Authorization: Bearer YOUR_KEY'.", null);
    }

    /** Deliberately says nothing about the key that was sent: it may be someone's real secret. */
    public static GatewayError invalidApiKey() {
        return new GatewayError(401, INVALID_REQUEST, "invalid_api_key", null,
                "Incorrect API key provided.", null);
    }

    public static GatewayError payloadTooLarge(long limitBytes) {
        return new GatewayError(413, INVALID_REQUEST, "request_too_large", null,
                "The request body is larger than this gateway accepts (" + limitBytes + " bytes).", null);
    }

    /**
     * A body that cannot be read to its end: a malformed chunk, or fewer bytes than {@code Content-Length}
     * before the client stopped sending. Where the next request would start is unknown, so the connection
     * closes after this answer.
     */
    public static GatewayError badBodyFraming(String message) {
        return new GatewayError(400, INVALID_REQUEST, BAD_BODY_FRAMING, null, message, null);
    }

    /**
     * A {@code Transfer-Encoding} other than {@code chunked} (such as {@code gzip, chunked}): the body cannot be read,
     * and RFC 9112's 501 would count a client's mistake as a gateway fault, so it is a 400 that closes the connection.
     */
    public static GatewayError unsupportedTransferEncoding() {
        return new GatewayError(400, INVALID_REQUEST, "unsupported_transfer_encoding", null,
                "The request's Transfer-Encoding is not supported: send the body with Content-Length or "
                        + "'Transfer-Encoding: chunked' alone.", null);
    }

    /** A request line naming HTTP/1.0: the gateway speaks HTTP/1.1, and the client can too (Helidon's 505 is a 5xx). */
    public static GatewayError unsupportedHttpVersion() {
        return new GatewayError(400, INVALID_REQUEST, "unsupported_http_version", null,
                "This gateway speaks HTTP/1.1: send the request as HTTP/1.1.", null);
    }

    /** The connection failed while the body was being read: counted, never sent. */
    public static GatewayError connectionLost() {
        return new GatewayError(CLIENT_CLOSED, INVALID_REQUEST, "client_closed_request", null,
                "The connection closed before the request body arrived.", null);
    }

    public static GatewayError unknownPath(String method, String path) {
        return new GatewayError(404, INVALID_REQUEST, "unknown_url", null,
                "Invalid URL (" + ClientValue.truncate(method) + " " + ClientValue.truncate(path) + ")", null);
    }

    /**
     * Feedback on a request the caller's tenant never made (or that the ledger no longer holds): the same answer
     * whether or not another tenant has a request of that id, so ids cannot be probed across tenants.
     */
    public static GatewayError requestNotFound(String requestId) {
        return new GatewayError(404, INVALID_REQUEST, "request_not_found", "request_id",
                "No request " + ClientValue.quote(requestId) + " of yours is in the usage ledger.", null);
    }

    /** Feedback sent while {@code ledger.enabled} is false: there is nowhere to keep it, nor a request to match. */
    public static GatewayError ledgerDisabled() {
        return new GatewayError(409, INVALID_REQUEST, "ledger_disabled", null,
                "Feedback is kept in the usage ledger, which is off on this gateway (ledger.enabled: false).", null);
    }

    /** The ledger could not write (it is closing, or the disk failed); the details are logged under the request id. */
    public static GatewayError ledgerUnavailable(String requestId) {
        return new GatewayError(503, SERVER, "ledger_unavailable",
                null, "The usage ledger could not record this (request id " + requestId + "); try again.", null);
    }

    /**
     * The cluster's key table (PostgreSQL) cannot be reached: a key change is refused rather than made on one node
     * alone, where the others would never see it. Requests go on being authenticated meanwhile.
     */
    public static GatewayError keyStoreUnavailable() {
        return new GatewayError(503, SERVER, "key_store_unavailable", null,
                "The shared key store (PostgreSQL) cannot be reached, so keys cannot be changed now; nothing was "
                        + "changed. Try again when it is back.", null);
    }

    public static GatewayError methodNotAllowed(String method, String path, String allowed) {
        return new GatewayError(405, INVALID_REQUEST, "method_not_allowed", null,
                "Method " + ClientValue.truncate(method) + " is not allowed on " + ClientValue.truncate(path) + "; use "
                        + allowed + ".", null);
    }

    /**
     * A request the HTTP layer refused before any route saw it (a malformed request line, oversized
     * headers). Only the status's reason is shown: the server's own message may quote the request.
     */
    public static GatewayError transport(int status, String reason) {
        return new GatewayError(status, status >= 500 ? SERVER : INVALID_REQUEST, null, null,
                "The HTTP request could not be processed: " + reason + ".", null);
    }

    /**
     * A 429 for a dollar budget that is spent: {@code scope} and {@code id} name whose ({@code key 'acme-app'}),
     * {@code budget} says how much per what ({@code $5 per day}); Retry-After runs to the period's reset.
     */
    public static GatewayError budgetExceeded(String scope, String id, String budget, Instant resetsAt,
                                              Duration retryAfter) {
        return new GatewayError(429, QUOTA, "budget_exceeded", null,
                "The " + scope + " '" + id + "' has spent its budget of " + budget + "; requests are refused until "
                        + resetsAt + ".", retryAfter);
    }

    /** The catch-all: the details go to the server log under the request id, never to the client. */
    public static GatewayError internal(String requestId) {
        return new GatewayError(500, SERVER, null, null,
                "The gateway failed to handle this request (request id " + requestId + ").", null);
    }

    /**
     * A gateway rate limit (a key's, a tenant's, an alias's) has no room for the request: {@code message} names the
     * limit, and Retry-After says when the request fits again.
     */
    public static GatewayError rateLimited(String message, Duration retryAfter) {
        return new GatewayError(429, RATE_LIMIT, "rate_limit_exceeded", null, message, retryAfter);
    }

    /**
     * A cache miss refused because the gateway's own CPU work is queueing past its bound ({@code overload}): nothing
     * was sent upstream, and the same request is likely to succeed after {@code retryAfter}.
     */
    public static GatewayError overloaded(Duration retryAfter) {
        return new GatewayError(503, SERVER, "gateway_overloaded", null,
                "The gateway is overloaded and refused this request without calling a model; retry after "
                        + retryAfter.toSeconds() + "s.", retryAfter);
    }

    /** A streamed answer that stalled longer than the deployment's timeout. */
    public static GatewayError streamTimeout(String provider, Duration after) {
        return new GatewayError(504, UPSTREAM, "upstream_timeout", null,
                "The " + provider + " provider sent nothing for " + after.toSeconds() + "s.", null);
    }

    /**
     * The answer for an upstream failure. Auth failures are the gateway's problem, not the client's, so
     * they become 502 naming the provider (never the key); rate limits pass through with Retry-After, and so
     * does the wait of a request refused because every deployment it could use is open-circuited (503).
     */
    public static GatewayError upstream(ProviderException e) {
        String provider = e.provider();
        return switch (e) {
            case ProviderException.AuthFailed a -> new GatewayError(502, UPSTREAM, "upstream_auth_failed", null,
                    "The " + provider + " provider rejected the gateway's credentials (HTTP " + a.upstreamStatus()
                            + "); check the api-key configured for this model.", null);
            case ProviderException.RateLimited r -> new GatewayError(429, RATE_LIMIT, "rate_limit_exceeded", null,
                    "The " + provider + " provider is rate limiting requests; retry later.",
                    r.retryAfter().filter(d -> !d.isNegative() && !d.isZero()).orElse(DEFAULT_RETRY_AFTER));
            case ProviderException.Timeout t -> new GatewayError(504, UPSTREAM, "upstream_timeout", null,
                    "The " + provider + " provider did not answer in time.", null);
            case ProviderException.ConnectFailed c -> new GatewayError(502, UPSTREAM, "upstream_unavailable", null,
                    "Could not connect to the " + provider + " provider.", null);
            case ProviderException.IncompleteAnswer i -> new GatewayError(502, UPSTREAM, "upstream_incomplete_answer",
                    null, "The " + provider + " provider's answer was cut short or unreadable. It was not retried,"
                            + " since the provider had already accepted the request.", null);
            case ProviderException.ServerError s -> new GatewayError(502, UPSTREAM, "upstream_server_error", null,
                    "The " + provider + " provider failed"
                            + (s.upstreamStatus() > 0 ? " (HTTP " + s.upstreamStatus() + ")." : "."), null);
            case ProviderException.ContextLengthExceeded c -> new GatewayError(400, INVALID_REQUEST,
                    "context_length_exceeded", "messages", upstreamMessage(provider, c), null);
            case ProviderException.BadRequest b -> new GatewayError(400, INVALID_REQUEST, null, null,
                    upstreamMessage(provider, b), null);
            // Nothing was called: the message (built where the breakers are known) names the open-circuited
            // deployments and when the first is tried again, which Retry-After repeats.
            case ProviderException.CircuitOpen o -> new GatewayError(503, UPSTREAM, "upstream_circuit_open", null,
                    o.getMessage(), o.retryAfter());
            case ProviderException.Cancelled c -> new GatewayError(CLIENT_CLOSED, INVALID_REQUEST,
                    "client_closed_request", null, "The client closed the request.", null);
            default -> new GatewayError(502, UPSTREAM, null, null, "The " + provider + " provider failed.", null);
        };
    }

    private static String upstreamMessage(String provider, ProviderException e) {
        String m = e.getMessage();
        return "The " + provider + " provider refused the request" + (m == null || m.isBlank() ? "." : ": " + m);
    }

    /** OpenAI's JSON envelope for this error. */
    public ErrorBody body() {
        return ErrorBody.of(message, type, param, code);
    }

    /** Whether the connection must close after this answer (the rest of its bytes cannot be trusted). */
    public boolean closesConnection() {
        return BAD_BODY_FRAMING.equals(code);
    }

    public Optional<Duration> retryAfterHeader() {
        return Optional.ofNullable(retryAfter);
    }

    /** This error as an exception, for code that cannot return it. */
    public GatewayException toException() {
        return new GatewayException(this);
    }
}
