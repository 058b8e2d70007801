package dev.reprise.gateway.http;

import dev.reprise.gateway.error.GatewayError;
import io.helidon.http.DirectHandler;
import io.helidon.http.HeaderValues;
import io.helidon.http.ServerResponseHeaders;
import io.helidon.http.Status;

/**
 * Answers the errors Helidon raises before routing (a malformed request line, headers too large, a transfer coding
 * it cannot decode) in OpenAI's error shape with a request id, like every other answer of the gateway.
 */
public final class OpenAiDirectHandler implements DirectHandler {

    @Override
    public TransportResponse handle(TransportRequest request, EventType eventType, Status status,
                                    ServerResponseHeaders headers, String message) {
        // Helidon raises an unknown transfer coding, the only 501 it gives, as a bad request.
        boolean unsupportedCoding = eventType == EventType.BAD_REQUEST
                && status.code() == Status.NOT_IMPLEMENTED_501.code();
        GatewayError error = unsupportedCoding ? GatewayError.unsupportedTransferEncoding()
                : GatewayError.transport(status.code(), status.reasonPhrase());
        Status sent = unsupportedCoding ? Status.BAD_REQUEST_400 : status;
        headers.set(RequestIdFilter.X_REQUEST_ID, RequestIdFilter.generate());
        headers.set(HeaderValues.CONTENT_TYPE_JSON);
        return TransportResponse.builder()
                .status(sent)
                .headers(headers)
                .keepAlive(!unsupportedCoding && eventType.keepAlive())
                .entity(ErrorResponder.json(error))
                .build();
    }
}
