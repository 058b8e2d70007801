package dev.reprise.gateway.http;

import dev.reprise.gateway.error.GatewayError;
import dev.reprise.gateway.error.GatewayException;
import dev.reprise.gateway.server.ConnectionFilter;
import io.helidon.common.buffers.DataReader;
import io.helidon.webserver.CloseConnectionException;
import io.helidon.webserver.http.ServerRequest;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.OptionalLong;
import java.util.logging.Logger;

/**
 * Reads a request body into memory, refusing with 413 as soon as it passes the limit. Broken transfer framing
 * (a bad chunk size, a body shorter than its {@code Content-Length}) is the client's fault: a 400 that closes
 * the connection. A connection that drops mid-body gets no answer.
 */
public final class BodyReader {

    private static final Logger LOG = Logger.getLogger(BodyReader.class.getName());

    /** Bodies declared up to this size are read into one array of that size (most chat requests are). */
    static final long PREALLOCATE_UP_TO = 64 * 1024;

    private BodyReader() {
    }

    public static byte[] read(ServerRequest req, long limit) {
        OptionalLong declared = req.headers().contentLength();
        if (declared.isPresent() && declared.getAsLong() > limit) {
            throw GatewayError.payloadTooLarge(limit).toException();
        }
        if (!req.content().hasEntity()) {
            ConnectionFilter.bodyRead(req);
            return new byte[0];
        }
        byte[] body;
        // Not closed on failure: closing drains the rest, and after broken framing "the rest" may be a chunk
        // size read from the body's text, waiting for bytes that never come. The connection closes instead.
        try {
            InputStream in = req.content().inputStream();
            body = declared.isPresent() && declared.getAsLong() <= PREALLOCATE_UP_TO
                    ? readExactly(in, (int) declared.getAsLong()) : readUpTo(in, limit);
            in.close();
        } catch (GatewayException e) {
            throw e;
        } catch (IOException | UncheckedIOException | CloseConnectionException e) {
            LOG.fine(() -> "request " + RequestIdFilter.requestId(req) + ": the connection failed mid-body: " + e);
            throw GatewayError.connectionLost().toException();
        } catch (DataReader.InsufficientDataAvailableException e) {
            LOG.fine(() -> "request " + RequestIdFilter.requestId(req) + ": the body ended early");
            throw GatewayError.badBodyFraming("The request body ended early: fewer bytes than its "
                    + "Content-Length, or no final chunk.").toException();
        } catch (RuntimeException e) {
            // Helidon's chunk decoder throws NumberFormatException, RequestException and others for bad framing.
            LOG.fine(() -> "request " + RequestIdFilter.requestId(req) + ": malformed body framing: " + e);
            throw GatewayError.badBodyFraming("The request body's chunked framing is malformed "
                    + "(a bad chunk size or chunk delimiter).").toException();
        }
        ConnectionFilter.bodyRead(req);
        return body;
    }

    // A declared length is read straight into an array of its size; only a small one, so that connections declaring
    // large bodies they never send cannot make the gateway allocate ahead of the bytes.
    private static byte[] readExactly(InputStream in, int length) throws IOException {
        byte[] body = new byte[length];
        if (in.readNBytes(body, 0, length) < length) {
            throw new DataReader.InsufficientDataAvailableException();
        }
        return body;
    }

    private static byte[] readUpTo(InputStream in, long limit) throws IOException {
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
    }
}
