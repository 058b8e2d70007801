package dev.reprise.gateway.stream;

import dev.reprise.models.provider.Provider;
import dev.reprise.models.provider.ProviderException;
import dev.reprise.models.provider.StreamDelta;
import dev.reprise.models.provider.StreamHandle;
import dev.reprise.models.provider.StreamListener;
import dev.reprise.models.wire.ChatCompletionRequest;
import dev.reprise.models.wire.ChatCompletionResponse;

import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;

/**
 * A streamed answer in flight. The provider pushes events from its own thread into a queue; the HTTP
 * side pulls them with {@link #next} on the request's virtual thread, so a slow client never blocks the
 * provider and a heartbeat can be sent while waiting. {@link #completion()} completes with the assembled
 * answer only when the stream ends normally, which is where a cache store or usage record attaches.
 */
public final class LiveStream {

    /** What the provider said, in order: any number of deltas, then exactly one of done or failed. */
    public sealed interface Event {
        record Delta(StreamDelta delta) implements Event {
        }

        record Done(ChatCompletionResponse response) implements Event {
        }

        record Failed(ProviderException error) implements Event {
        }
    }

    private final String provider;
    private final BlockingQueue<Event> events = new LinkedBlockingQueue<>();
    private final CompletableFuture<ChatCompletionResponse> completion = new CompletableFuture<>();
    private final AtomicBoolean ended = new AtomicBoolean();
    private final AtomicBoolean cancelled = new AtomicBoolean();
    private volatile StreamHandle handle = () -> { };
    private final Object lock = new Object();
    /** Set once by {@link #mapText}: from then on events go there instead of to {@link #next}. Guarded by lock. */
    private StreamListener downstream;

    private LiveStream(String provider) {
        this.provider = provider;
    }

    /** Starts {@code provider}'s stream for {@code request}. */
    public static LiveStream start(Provider provider, ChatCompletionRequest request) {
        return start(provider.deployment().provider().configName(), listener -> provider.stream(request, listener));
    }

    /** Starts a stream from any source that speaks {@link StreamListener}; {@code provider} names it in errors. */
    public static LiveStream start(String provider, Function<StreamListener, StreamHandle> starter) {
        LiveStream live = new LiveStream(provider);
        live.handle = starter.apply(live.new Listener());
        // cancel() may have run before the handle existed; make sure the upstream still hears it.
        if (live.cancelled.get()) {
            live.handle.cancel();
        }
        return live;
    }

    /**
     * This stream with its text rewritten by {@code filter} as it arrives (a guardrail's redaction or restore), and
     * its assembled answer carrying the rewritten text: what a stage hands on in place of this one. This stream
     * delivers nothing through {@link #next} from then on, and cancelling the new one cancels this one. At most once
     * per stream; the new stream may be mapped in turn.
     */
    public LiveStream mapText(TextFilter filter) {
        return start(provider, listener -> {
            redirect(new FilteredText(filter, listener));
            return this::cancel;
        });
    }

    private void redirect(StreamListener to) {
        synchronized (lock) {
            if (downstream != null) {
                throw new IllegalStateException("a stream's text is mapped once");
            }
            // What arrived before the mapping (the first tokens, or the whole stream) goes through it first.
            for (Event e = events.poll(); e != null; e = events.poll()) {
                dispatch(e, to);
            }
            downstream = to;
        }
    }

    private void deliver(Event event) {
        synchronized (lock) {
            if (downstream == null) {
                events.add(event);
            } else {
                dispatch(event, downstream);
            }
        }
    }

    private static void dispatch(Event event, StreamListener to) {
        switch (event) {
            case Event.Delta d -> to.onDelta(d.delta());
            case Event.Done d -> to.onComplete(d.response());
            case Event.Failed f -> to.onError(f.error());
        }
    }

    /** The next event, or null when none arrived within {@code wait}. */
    public Event next(Duration wait) throws InterruptedException {
        return events.poll(wait.toNanos(), TimeUnit.NANOSECONDS);
    }

    /**
     * Completes with the whole answer when the stream ends normally; fails with the
     * {@link ProviderException} when it fails or is cancelled. Each call returns a new dependent future,
     * so no caller can complete it for the others.
     */
    public CompletableFuture<ChatCompletionResponse> completion() {
        return completion.copy();
    }

    /** Stops the upstream call because the client went away; idempotent. */
    public void cancel() {
        abort(new ProviderException.Cancelled(provider));
    }

    /**
     * Stops the upstream call and ends the stream with {@code reason} (a stall past the timeout, say),
     * unless it has already ended; idempotent.
     */
    public void abort(ProviderException reason) {
        if (cancelled.compareAndSet(false, true)) {
            end(new Event.Failed(reason));
            handle.cancel();
        }
    }

    public boolean isCancelled() {
        return cancelled.get();
    }

    public String provider() {
        return provider;
    }

    private void end(Event terminal) {
        if (!ended.compareAndSet(false, true)) {
            return;
        }
        // The completion first: what attaches to it (the request settling into metrics, the ledger, the cache) runs
        // here before the client can read the end, so a client that saw [DONE] never finds its request unrecorded.
        switch (terminal) {
            case Event.Done done -> completion.complete(done.response());
            case Event.Failed failed -> completion.completeExceptionally(failed.error());
            case Event.Delta ignored -> throw new IllegalStateException("a delta does not end a stream");
        }
        deliver(terminal);
    }

    private final class Listener implements StreamListener {
        @Override
        public void onDelta(StreamDelta delta) {
            if (!ended.get() && delta != null) {
                deliver(new Event.Delta(delta));
            }
        }

        @Override
        public void onComplete(ChatCompletionResponse response) {
            end(new Event.Done(response));
        }

        @Override
        public void onError(ProviderException error) {
            end(new Event.Failed(error));
        }
    }
}
