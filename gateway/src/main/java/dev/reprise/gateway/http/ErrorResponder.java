package dev.reprise.gateway.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.reprise.gateway.error.GatewayError;
import dev.reprise.models.wire.WireJson;
import io.helidon.http.HeaderNames;
import io.helidon.http.HeaderValues;
import io.helidon.webserver.CloseConnectionException;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

/**
 * Writes a {@link GatewayError} as an HTTP answer: status, OpenAI's JSON envelope, Retry-After when the error
 * has a wait (a 429, or a 503 while circuits are open) and {@code Connection: close} when the error leaves the
 * connection unusable. A 499 is not written at all.
 */
public final class ErrorResponder {

    private ErrorResponder() {
    }

    public static void send(ServerRequest req, ServerResponse res, GatewayError error) {
        if (error.status() == GatewayError.CLIENT_CLOSED) {
            // Nobody is listening; writing would only fail. Helidon closes the connection quietly on this.
            throw new CloseConnectionException("the client connection is gone");
        }
        res.status(error.status());
        if (error.closesConnection()) {
            res.header(HeaderValues.CONNECTION_CLOSE);
        }
        // Error handlers may run on a reset response: put the request id back.
        res.header(RequestIdFilter.X_REQUEST_ID, RequestIdFilter.requestId(req));
        res.header(HeaderValues.CONTENT_TYPE_JSON);
        error.retryAfterHeader().ifPresent(d ->
                res.header(HeaderNames.RETRY_AFTER, Long.toString(Math.max(1, (d.toMillis() + 999) / 1000))));
        res.send(json(error));
    }

    /** The error's JSON body, as sent in a response or an SSE error event. */
    public static byte[] json(GatewayError error) {
        try {
            return WireJson.mapper().writeValueAsBytes(error.body());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("an error body is always serialisable", e);
        }
    }
}
