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
        GatewayError error = clientsFault(eventType, status);
        boolean refusedVersionOrCoding = error != null;
        if (error == null) {
            error = GatewayError.transport(status.code(), status.reasonPhrase());
        }
        Status sent = refusedVersionOrCoding ? Status.BAD_REQUEST_400 : status;
        headers.set(RequestIdFilter.X_REQUEST_ID, RequestIdFilter.generate());
        headers.set(HeaderValues.CONTENT_TYPE_JSON);
        return TransportResponse.builder()
                .status(sent)
                .headers(headers)
                .keepAlive(!refusedVersionOrCoding && eventType.keepAlive())
                .entity(ErrorResponder.json(error))
                .build();
    }

    /**
     * The 5xx answers Helidon gives for what the client sent, as 400s: an unknown transfer coding (its only 501,
     * raised as a bad request) and HTTP/1.0 (505). A 5xx would count a client's request as a gateway fault.
     */
    private static GatewayError clientsFault(EventType eventType, Status status) {
        if (eventType == EventType.HTTP_VERSION_NOT_SUPPORTED) {
            return GatewayError.unsupportedHttpVersion();
        }
        if (eventType == EventType.BAD_REQUEST && status.code() == Status.NOT_IMPLEMENTED_501.code()) {
            return GatewayError.unsupportedTransferEncoding();
        }
        return null;
    }
}
