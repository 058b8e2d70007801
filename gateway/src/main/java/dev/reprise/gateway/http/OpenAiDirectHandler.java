package dev.reprise.gateway.http;

import dev.reprise.gateway.error.GatewayError;
import io.helidon.http.DirectHandler;
import io.helidon.http.HeaderValues;
import io.helidon.http.ServerResponseHeaders;
import io.helidon.http.Status;

/**
 * Answers the errors Helidon raises before routing (a malformed request line, headers too large) in
 * OpenAI's error shape with a request id, like every other answer of the gateway.
 */
public final class OpenAiDirectHandler implements DirectHandler {

    @Override
    public TransportResponse handle(TransportRequest request, EventType eventType, Status status,
                                    ServerResponseHeaders headers, String message) {
        GatewayError error = GatewayError.transport(status.code(), status.reasonPhrase());
        headers.set(RequestIdFilter.X_REQUEST_ID, RequestIdFilter.generate());
        headers.set(HeaderValues.CONTENT_TYPE_JSON);
        return TransportResponse.builder()
                .status(status)
                .headers(headers)
                .keepAlive(eventType.keepAlive())
                .entity(ErrorResponder.json(error))
                .build();
    }
}
