package dev.reprise.models.provider.internal;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * A response body that fails with {@link HttpTimeoutException} when no byte arrives for the
 * deployment's timeout. The JDK client's request timeout stops at the response headers, so without
 * this a stream that stalls half-way would hold its client forever.
 */
final class IdleTimeoutInputStream extends FilterInputStream {

    private static final ScheduledExecutorService TIMER = Executors.newSingleThreadScheduledExecutor(
            r -> Thread.ofPlatform().daemon().name("reprise-upstream-idle-timer").unstarted(r));

    private final Duration timeout;
    private final long timeoutNanos;
    private volatile long lastProgress;
    private volatile boolean expired;
    private volatile boolean closed;
    private volatile ScheduledFuture<?> check;

    private IdleTimeoutInputStream(InputStream in, Duration timeout) {
        super(in);
        this.timeout = timeout;
        this.timeoutNanos = timeout.toNanos();
        this.lastProgress = System.nanoTime();
        schedule(timeoutNanos);
    }

    static InputStream watch(InputStream in, Duration timeout) {
        return new IdleTimeoutInputStream(in, timeout);
    }

    @Override
    public int read() throws IOException {
        try {
            int b = super.read();
            return progressed(b);
        } catch (IOException e) {
            throw expired ? timedOut(e) : e;
        }
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        try {
            int n = super.read(buffer, offset, length);
            return progressed(n);
        } catch (IOException e) {
            throw expired ? timedOut(e) : e;
        }
    }

    @Override
    public void close() throws IOException {
        closed = true;
        ScheduledFuture<?> c = check;
        if (c != null) {
            c.cancel(false);
        }
        super.close();
    }

    private int progressed(int result) throws IOException {
        if (expired) {
            // A read that "ends" after we closed the stream is a stall, not a clean end of body.
            throw timedOut(null);
        }
        lastProgress = System.nanoTime();
        return result;
    }

    private HttpTimeoutException timedOut(IOException cause) {
        HttpTimeoutException e = new HttpTimeoutException("no data from upstream for " + timeout);
        if (cause != null) {
            e.initCause(cause);
        }
        return e;
    }

    private void schedule(long delayNanos) {
        check = TIMER.schedule(this::checkIdle, delayNanos, TimeUnit.NANOSECONDS);
    }

    private void checkIdle() {
        if (closed) {
            return;
        }
        long idle = System.nanoTime() - lastProgress;
        if (idle >= timeoutNanos) {
            expired = true;
            try {
                in.close();
            } catch (IOException | RuntimeException ignored) {
                // The reader fails either way; nothing more to do.
            }
        } else {
            schedule(timeoutNanos - idle);
        }
    }
}
