package dev.reprise.gateway.upstream;

import dev.reprise.gateway.metrics.GatewayMetrics;
import dev.reprise.gateway.stream.LiveStream;
import dev.reprise.models.catalogue.Deployment;
import dev.reprise.models.provider.Provider;
import dev.reprise.models.provider.ProviderException;
import dev.reprise.models.provider.StreamDelta;
import dev.reprise.models.provider.StreamHandle;
import dev.reprise.models.provider.StreamListener;
import dev.reprise.models.wire.ChatCompletionRequest;
import dev.reprise.models.wire.ChatCompletionResponse;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.LongSupplier;

/**
 * A streamed request through the {@link FallbackChain}: the client's {@link LiveStream} starts at once
 * (so keep-alives flow), while attempts run on a virtual thread until one yields a first token; that one
 * is attached to the client's stream. A failure after the first token ends the stream with the error.
 */
public final class StreamingCall {

    private final FallbackChain chain;
    private final ProviderPool providers;
    private final GatewayMetrics metrics;
    private final LongSupplier ticker;

    public StreamingCall(FallbackChain chain, ProviderPool providers, GatewayMetrics metrics, LongSupplier ticker) {
        this.chain = chain;
        this.providers = providers;
        this.metrics = metrics;
        this.ticker = ticker;
    }

    /**
     * Starts streaming {@code request} routed to {@code alias}.
     *
     * @param requestId names the request in the log lines of failed attempts
     * @param observer hears, before the client does, that an attempt has its first token or that none will
     * @param provider names the provider in errors raised before any attempt answered
     */
    public LiveStream start(String requestId, String alias, ChatCompletionRequest request, String provider,
                            Observer observer) {
        AtomicBoolean cancelled = new AtomicBoolean();
        AtomicInteger attempts = new AtomicInteger();
        AtomicReference<StreamHandle> handle = new AtomicReference<>();
        AtomicReference<StreamAttempt> waiting = new AtomicReference<>();
        // Completes once the first upstream call has been placed, or exceptionally on a bug (not a provider
        // error): that one is rethrown on the request thread, so the client gets a plain 500 as before.
        CompletableFuture<Void> launched = new CompletableFuture<>();
        CompletableFuture<LiveStream> liveRef = new CompletableFuture<>();
        LiveStream live = LiveStream.start(provider, client -> {
            Thread.ofVirtual().name("reprise-stream-" + alias).start(() -> {
                try {
                    FallbackChain.Served<StreamAttempt> served = chain.run(requestId, alias, lease -> {
                        attempts.incrementAndGet();
                        return attempt(lease, request, cancelled, handle, waiting, launched);
                    }, cancelled::get);
                    observer.served(served);
                    served.value().attach(new Finishing(client, served, requestId));
                    limitTotal(served, liveRef, requestId);
                } catch (ProviderException e) {
                    observer.failed(attempts.get());
                    client.onError(e);
                } catch (RuntimeException e) {
                    if (!launched.completeExceptionally(e)) {
                        observer.failed(attempts.get());
                        client.onError(new ProviderException.ServerError(provider, 0, "routing failed", e));
                    }
                } finally {
                    launched.complete(null);
                }
            });
            return () -> {
                cancelled.set(true);
                StreamAttempt w = waiting.get();
                if (w != null) {
                    w.cancel();
                }
                StreamHandle h = handle.get();
                if (h != null) {
                    h.cancel();
                }
            };
        });
        liveRef.complete(live);
        try {
            launched.join();
        } catch (CompletionException e) {
            live.cancel();
            throw e.getCause() instanceof RuntimeException r ? r : e;
        }
        return live;
    }

    /** Ends the stream with a timeout once the served deployment's {@code total-timeout} has passed. */
    private void limitTotal(FallbackChain.Served<StreamAttempt> served, CompletableFuture<LiveStream> liveRef,
                            String requestId) {
        Duration total = served.lease().state().spec().totalTimeout();
        if (total == null) {
            return;
        }
        long left = total.toNanos() - (ticker.getAsLong() - served.value().startNanos());
        String provider = served.lease().deployment().provider().configName();
        // The client's stream object exists once start() has returned; this thread may get here first.
        liveRef.thenAccept(live -> live.completion().orTimeout(Math.max(1, left), TimeUnit.NANOSECONDS)
                .whenComplete((response, error) -> {
                    // orTimeout's timer is cancelled when the stream ends first, so nothing lingers.
                    if (error instanceof TimeoutException) {
                        ProviderException timeout = new ProviderException.Timeout(provider,
                                "the stream ran past its total-timeout of " + total.toMillis() + "ms", null);
                        chain.failures().streamBroke(requestId, served.alias(), served.lease(), timeout);
                        live.abort(timeout);
                    }
                }));
    }

    private StreamAttempt attempt(Lease lease, ChatCompletionRequest request, AtomicBoolean cancelled,
                                  AtomicReference<StreamHandle> handle, AtomicReference<StreamAttempt> waiting,
                                  CompletableFuture<Void> launched) {
        Deployment d = lease.deployment();
        Provider provider = providers.get(d);
        long start = ticker.getAsLong();
        StreamAttempt attempt = new StreamAttempt(d.provider().configName(), start);
        waiting.set(attempt);
        StreamHandle h = provider.stream(request.withModel(d.upstreamModel()), attempt);
        handle.set(h);
        launched.complete(null);
        if (cancelled.get()) {
            h.cancel();
            attempt.cancel();
        }
        ProviderException failure;
        try {
            failure = attempt.awaitFirst(lease.state().spec().firstByteTimeout());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            failure = new ProviderException.Cancelled(d.provider().configName());
        }
        Duration elapsed = Duration.ofNanos(ticker.getAsLong() - start);
        if (failure != null) {
            h.cancel();
            metrics.upstream(d, elapsed, failure.getClass().getSimpleName());
            metrics.deploymentCall(lease.state().id(), elapsed, failure.getClass().getSimpleName());
            throw failure;
        }
        lease.succeeded(elapsed);
        metrics.deploymentCall(lease.state().id(), elapsed, null);
        return attempt;
    }

    /** Passes the served attempt's events to the client and ends its lease (and metrics) with the stream. */
    private final class Finishing implements StreamListener {
        private final StreamListener client;
        private final Lease lease;
        private final String alias;
        private final String requestId;
        private final long start = ticker.getAsLong();

        Finishing(StreamListener client, FallbackChain.Served<StreamAttempt> served, String requestId) {
            this.client = client;
            this.lease = served.lease();
            this.alias = served.alias();
            this.requestId = requestId;
        }

        @Override
        public void onDelta(StreamDelta delta) {
            client.onDelta(delta);
        }

        @Override
        public void onComplete(ChatCompletionResponse response) {
            lease.release();
            Deployment d = lease.deployment();
            metrics.upstream(d, Duration.ofNanos(ticker.getAsLong() - start), null);
            client.onComplete(response);
        }

        @Override
        public void onError(ProviderException error) {
            // Logged before the client hears of it; a cancel (the client left) is logged below WARN.
            chain.failures().streamBroke(requestId, alias, lease, error);
            lease.release();
            metrics.upstream(lease.deployment(), Duration.ofNanos(ticker.getAsLong() - start),
                    error.getClass().getSimpleName());
            client.onError(error);
        }
    }

    /** Hears how a stream's routing ended, on the stream's thread and before the client sees any of it. */
    public interface Observer {

        /** An attempt has its first token: set headers and the settled facts of who serves here. */
        void served(FallbackChain.Served<StreamAttempt> served);

        /** No attempt will answer, after {@code attempts} upstream attempts (0 when none could be made). */
        void failed(int attempts);
    }
}
