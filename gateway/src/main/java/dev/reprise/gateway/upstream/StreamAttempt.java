package dev.reprise.gateway.upstream;

import dev.reprise.models.provider.ProviderException;
import dev.reprise.models.provider.StreamDelta;
import dev.reprise.models.provider.StreamListener;
import dev.reprise.models.wire.ChatCompletionResponse;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

/**
 * One streamed attempt, held back until its first event: a failure before the first token is returned
 * to the attempt loop (which may retry or fall back) and the client never sees it. Once the attempt has
 * produced its first token it is {@link #attach attached} to the client's stream, which first receives
 * what was held, then everything else as it comes.
 */
public final class StreamAttempt implements StreamListener {

    private final String provider;
    private final long startNanos;
    private final CompletableFuture<Void> first = new CompletableFuture<>();
    private final List<Consumer<StreamListener>> held = new ArrayList<>();
    private StreamListener target;

    /** @param startNanos when the attempt began, on the gateway's ticker */
    public StreamAttempt(String provider, long startNanos) {
        this.provider = provider;
        this.startNanos = startNanos;
    }

    public long startNanos() {
        return startNanos;
    }

    /**
     * Waits for the first event.
     *
     * @return null when a token (or a whole answer) came first; else the failure: the upstream's error,
     *         a {@link ProviderException.Timeout} after {@code timeout}, or {@link ProviderException.Cancelled}
     */
    public ProviderException awaitFirst(Duration timeout) throws InterruptedException {
        try {
            first.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
            return null;
        } catch (TimeoutException e) {
            return new ProviderException.Timeout(provider, "no first token within " + timeout.toMillis() + "ms", e);
        } catch (ExecutionException e) {
            return e.getCause() instanceof ProviderException p ? p
                    : new ProviderException.ServerError(provider, 0, "the stream failed to start", e.getCause());
        }
    }

    /** Ends the wait at once: the client has gone. */
    public void cancel() {
        first.completeExceptionally(new ProviderException.Cancelled(provider));
    }

    /** Forwards what was held, then every later event, to {@code listener}. */
    public synchronized void attach(StreamListener listener) {
        for (Consumer<StreamListener> event : held) {
            event.accept(listener);
        }
        held.clear();
        target = listener;
    }

    @Override
    public synchronized void onDelta(StreamDelta delta) {
        if (target != null) {
            target.onDelta(delta);
            return;
        }
        held.add(l -> l.onDelta(delta));
        first.complete(null);
    }

    @Override
    public synchronized void onComplete(ChatCompletionResponse response) {
        if (target != null) {
            target.onComplete(response);
            return;
        }
        held.add(l -> l.onComplete(response));
        first.complete(null);
    }

    @Override
    public synchronized void onError(ProviderException error) {
        if (target != null) {
            target.onError(error);
            return;
        }
        if (!first.isDone()) {
            first.completeExceptionally(error);
            return;
        }
        held.add(l -> l.onError(error));
    }
}
