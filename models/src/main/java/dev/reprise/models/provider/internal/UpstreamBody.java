package dev.reprise.models.provider.internal;

import io.helidon.common.buffers.DataReader;
import io.helidon.http.HeaderNames;
import io.helidon.http.Headers;

import java.io.IOException;
import java.io.InputStream;
import java.net.SocketTimeoutException;
import java.util.List;
import java.util.Locale;

/**
 * An upstream answer's body, read to the end its HTTP/1.1 framing sets (RFC 9112, section 6.3). A body with
 * neither a Content-Length nor chunked coding ends when the upstream closes the connection; Helidon's client
 * reports that close as an {@link DataReader.InsufficientDataAvailableException}, which here is the body's
 * normal end. For a body with a length or chunks the same close comes too early, and any other break-off
 * (a reset, say) leaves it unfinished: both fail as an {@link IncompleteBodyException}. A read that waits past
 * the timeout stays what it is, so that it still counts as a timeout.
 */
final class UpstreamBody extends InputStream {

    private final InputStream in;
    private final boolean closeDelimited;
    private boolean ended;

    /** @param closeDelimited the body ends when the connection closes (see {@link #isCloseDelimited}) */
    UpstreamBody(InputStream in, boolean closeDelimited) {
        this.in = in;
        this.closeDelimited = closeDelimited;
    }

    /** Neither chunked as the final transfer coding nor (without a transfer coding) a Content-Length. */
    static boolean isCloseDelimited(Headers headers) {
        if (headers.contains(HeaderNames.TRANSFER_ENCODING)) {
            List<String> values = headers.get(HeaderNames.TRANSFER_ENCODING).allValues();
            String last = values.get(values.size() - 1);
            String finalCoding = last.substring(last.lastIndexOf(',') + 1).trim();
            return !"chunked".equals(finalCoding.toLowerCase(Locale.ROOT));
        }
        return !headers.contains(HeaderNames.CONTENT_LENGTH);
    }

    @Override
    public int read() throws IOException {
        if (ended) {
            return -1;
        }
        try {
            return ended(in.read());
        } catch (RuntimeException | IOException e) {
            return endOrFail(e);
        }
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (ended) {
            return -1;
        }
        try {
            return ended(in.read(b, off, len));
        } catch (RuntimeException | IOException e) {
            return endOrFail(e);
        }
    }

    @Override
    public void close() throws IOException {
        if (ended) {
            return;
        }
        try {
            in.close();
        } catch (DataReader.InsufficientDataAvailableException gone) {
            // Closing drains what is left of the body; a connection that is already closed has nothing left.
        }
    }

    private int ended(int read) {
        if (read == -1) {
            ended = true;
        }
        return read;
    }

    private int endOrFail(Exception e) throws IOException {
        boolean connectionClosed = e instanceof DataReader.InsufficientDataAvailableException;
        if (connectionClosed && closeDelimited) {
            ended = true;
            return -1;
        }
        if (isTimeout(e)) {
            if (e instanceof IOException io) {
                throw io;
            }
            throw (RuntimeException) e;
        }
        throw new IncompleteBodyException(connectionClosed
                ? "the upstream closed the connection before the end of the body"
                : "the body broke off: " + e, e);
    }

    private static boolean isTimeout(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof SocketTimeoutException) {
                return true;
            }
        }
        return false;
    }
}
