package dev.reprise.models.provider.internal;

import io.helidon.http.ClientResponseHeaders;
import io.helidon.http.HeaderValues;
import io.helidon.http.WritableHeaders;
import io.helidon.webclient.api.WebClientServiceRequest;
import io.helidon.webclient.api.WebClientServiceResponse;
import io.helidon.webclient.spi.WebClientService;

import java.io.InputStream;

/**
 * Makes Helidon's HTTP/1.1 client read every answer's body as its framing says (see {@link UpstreamBody}).
 * Helidon fails a body that ends when the connection closes, and then offers that closed connection to the
 * next request; marking such an answer {@code Connection: close} has the connection closed instead.
 */
final class BodyFraming implements WebClientService {

    @Override
    public String type() {
        return "reprise-body-framing";
    }

    @Override
    public WebClientServiceResponse handle(Chain chain, WebClientServiceRequest request) {
        WebClientServiceResponse response = chain.proceed(request);
        InputStream body = response.inputStream().orElse(null);
        if (body == null) {
            return response;
        }
        boolean closeDelimited = UpstreamBody.isCloseDelimited(response.headers());
        WebClientServiceResponse.Builder framed = WebClientServiceResponse.builder().from(response)
                .inputStream(new UpstreamBody(body, closeDelimited));
        if (closeDelimited && !response.headers().containsToken(HeaderValues.CONNECTION_CLOSE)) {
            // RFC 9112 6.3: the body ran to the close, so the connection cannot serve another request.
            framed.headers(ClientResponseHeaders.create(
                    WritableHeaders.create(response.headers()).set(HeaderValues.CONNECTION_CLOSE)));
        }
        return framed.build();
    }
}
