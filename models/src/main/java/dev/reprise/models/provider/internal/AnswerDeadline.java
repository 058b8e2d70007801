package dev.reprise.models.provider.internal;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.SocketTimeoutException;
import java.util.function.LongSupplier;

/**
 * A whole answer's body that must have arrived by a deadline. The socket's read timeout only bounds each silence, so
 * an upstream that keeps a hung request warm (a space now and then, never the answer) would hold it for as long as it
 * drips; this ends such a body at its first read past the deadline, as a read timeout.
 */
final class AnswerDeadline extends FilterInputStream {

    private final long deadlineNanos;
    private final LongSupplier ticker;
    private final String limit;

    /**
     * @param deadlineNanos when the body must have ended, on {@code ticker}
     * @param limit         the timeout, as the failure's message names it
     */
    AnswerDeadline(InputStream body, long deadlineNanos, LongSupplier ticker, String limit) {
        super(body);
        this.deadlineNanos = deadlineNanos;
        this.ticker = ticker;
        this.limit = limit;
    }

    @Override
    public int read() throws IOException {
        check();
        return super.read();
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        check();
        return super.read(b, off, len);
    }

    private void check() throws SocketTimeoutException {
        if (ticker.getAsLong() - deadlineNanos >= 0) {
            throw new SocketTimeoutException("the whole answer did not arrive within " + limit);
        }
    }
}
