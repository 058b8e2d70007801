package dev.reprise.gateway.http;

import dev.reprise.gateway.error.GatewayError;
import io.helidon.webserver.http.ServerRequest;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.OptionalLong;

/** Reads a request body into memory, refusing with 413 as soon as it passes the limit. */
final class BodyReader {

    private BodyReader() {
    }

    static byte[] read(ServerRequest req, long limit) {
        OptionalLong declared = req.headers().contentLength();
        if (declared.isPresent() && declared.getAsLong() > limit) {
            throw GatewayError.payloadTooLarge(limit).toException();
        }
        if (!req.content().hasEntity()) {
            return new byte[0];
        }
        try (InputStream in = req.content().inputStream()) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            byte[] buffer = new byte[16 * 1024];
            long total = 0;
            int n;
            while ((n = in.read(buffer)) != -1) {
                total += n;
                // A chunked body has no declared length: stop reading the moment it is too big.
                if (total > limit) {
                    throw GatewayError.payloadTooLarge(limit).toException();
                }
                out.write(buffer, 0, n);
            }
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
