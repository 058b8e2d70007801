package dev.reprise.models.provider.internal;

import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One upstream stream as the HTTP layer sees it: what to close when it is cancelled, and whom to tell
 * when its body has ended. LangChain4j's own cancel handle exists only once the first event has
 * arrived; this one works from the moment the request is sent. The provider binds the call to its
 * thread while the LangChain4j model issues the request, so {@link UpstreamHttpClient} can pick it up.
 */
public final class StreamCall {

    private static final ThreadLocal<StreamCall> CURRENT = new ThreadLocal<>();

    private final AtomicBoolean cancelled = new AtomicBoolean();
    private final Runnable onEnd;
    private volatile Runnable closer;

    /** @param onEnd runs once the upstream call is over, however it ended */
    public StreamCall(Runnable onEnd) {
        this.onEnd = onEnd;
    }

    /** Runs {@code action} (which starts the upstream request) with this call bound to the thread. */
    public void run(Runnable action) {
        StreamCall previous = CURRENT.get();
        CURRENT.set(this);
        try {
            action.run();
        } finally {
            if (previous == null) {
                CURRENT.remove();
            } else {
                CURRENT.set(previous);
            }
        }
    }

    /** The call bound to this thread, or a detached one when the request comes from elsewhere. */
    static StreamCall current() {
        StreamCall call = CURRENT.get();
        return call != null ? call : new StreamCall(() -> { });
    }

    /** Stops the upstream call: closes the pending request or the body being read. Idempotent. */
    public void cancel() {
        if (cancelled.compareAndSet(false, true)) {
            Runnable c = closer;
            if (c != null) {
                c.run();
            }
        }
    }

    public boolean isCancelled() {
        return cancelled.get();
    }

    /** Sets what {@link #cancel()} closes; runs it at once when the call was already cancelled. */
    void onCancel(Runnable newCloser) {
        this.closer = newCloser;
        // Both fields are volatile, so a racing cancel() sees the closer or we see the flag (or both).
        if (cancelled.get()) {
            newCloser.run();
        }
    }

    void ended() {
        onEnd.run();
    }
}
