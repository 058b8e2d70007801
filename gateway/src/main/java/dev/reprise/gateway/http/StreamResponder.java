package dev.reprise.gateway.http;

import dev.reprise.gateway.error.GatewayError;
import dev.reprise.gateway.pipeline.OpaqueIds;
import dev.reprise.gateway.pipeline.RequestContext;
import dev.reprise.gateway.stream.ChunkEncoder;
import dev.reprise.gateway.stream.LiveStream;
import dev.reprise.models.provider.ProviderException;
import dev.reprise.models.wire.ChatCompletionChunk;
import dev.reprise.models.wire.ChatCompletionRequest;
import dev.reprise.models.wire.ChatCompletionResponse;
import io.helidon.http.HeaderNames;
import io.helidon.http.HeaderValues;
import io.helidon.webserver.ServerConnectionException;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.function.LongSupplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Sends a streamed answer as SSE. The status line waits for the first upstream event, so an upstream
 * that fails at once (bad key, rate limit) still gets a proper error status; only after data has been
 * sent does an error become an in-stream error event. While the upstream is silent, a keep-alive
 * comment goes out every {@code keepAlive}: it keeps proxies from timing out, and the write fails once
 * the client has gone, which is how a disconnect cancels the upstream call.
 *
 * <p>An error after the first byte is sent as {@code data: {"error":{...}}} followed by
 * {@code data: [DONE]}: OpenAI's SDKs raise on an event with an {@code error} key, and the
 * {@code [DONE]} lets simpler parsers end cleanly.
 */
final class StreamResponder {

    private static final Logger LOG = Logger.getLogger(StreamResponder.class.getName());

    private final Duration keepAlive;
    private final LongSupplier ticker;

    StreamResponder(Duration keepAlive, LongSupplier ticker) {
        this.keepAlive = keepAlive;
        this.ticker = ticker;
    }

    /** Relays a live stream until it ends, the client goes away, or the upstream stalls past its timeout. */
    void live(ServerRequest req, ServerResponse res, RequestContext ctx, LiveStream live) {
        // The deployment that serves the stream is known once its first token arrives (after any fallback); the
        // invoke stage puts it in the context before the client sees that token, so read it when needed.
        ChunkEncoder encoder = new ChunkEncoder("chatcmpl-" + OpaqueIds.hex128(),
                System.currentTimeMillis() / 1000, () -> ctx.deployment().upstreamModel());
        boolean includeUsage = wantsUsage(ctx.request());
        SseWriter sse = null;
        boolean sentContent = false;
        long lastEvent = ticker.getAsLong();
        boolean started = false;
        try {
            while (true) {
                LiveStream.Event event = live.next(keepAlive);
                if (event == null) {
                    // Before the first event, retries and fallbacks are running under their own first-byte
                    // timeouts and deadline; a stall check here would cut them off. After it, a silent
                    // upstream is ended here.
                    Duration stall = ctx.deployment().timeout();
                    if (started && ticker.getAsLong() - lastEvent > stall.toNanos()) {
                        live.abort(new ProviderException.Timeout(live.provider(),
                                "no stream data for " + stall.toSeconds() + "s", null));
                        continue;
                    }
                    sse = open(res, ctx, sse, encoder);
                    sse.keepAlive();
                    continue;
                }
                lastEvent = ticker.getAsLong();
                started = true;
                switch (event) {
                    case LiveStream.Event.Delta delta -> {
                        sse = open(res, ctx, sse, encoder);
                        sse.data(encoder.delta(delta.delta()));
                        sentContent = true;
                    }
                    case LiveStream.Event.Done done -> {
                        sse = open(res, ctx, sse, encoder);
                        finish(sse, encoder, done.response(), sentContent, includeUsage);
                        return;
                    }
                    case LiveStream.Event.Failed failed -> {
                        fail(req, res, ctx, sse, live, failed.error());
                        return;
                    }
                }
            }
        } catch (IOException e) {
            clientGone(ctx, e);
            live.cancel();
        } catch (RuntimeException e) {
            // Helidon reports a write to a closed connection as ServerConnectionException (unchecked).
            live.cancel();
            if (!isClientGone(e)) {
                throw e;
            }
            clientGone(ctx, e);
        } catch (InterruptedException e) {
            live.cancel();
            Thread.currentThread().interrupt();
        } finally {
            closeQuietly(sse);
        }
    }

    /** Sends a whole answer (a cache hit, say) to a {@code stream: true} request as the chunks a live stream would. */
    void replay(ServerResponse res, RequestContext ctx, ChatCompletionResponse response) {
        SseWriter sse = null;
        try {
            sse = commit(res, ctx);
            for (ChatCompletionChunk chunk : ChunkEncoder.replay(response, wantsUsage(ctx.request()))) {
                sse.data(chunk);
            }
            sse.done();
        } catch (IOException e) {
            clientGone(ctx, e);
        } catch (RuntimeException e) {
            if (!isClientGone(e)) {
                throw e;
            }
            clientGone(ctx, e);
        } finally {
            closeQuietly(sse);
        }
    }

    private static void finish(SseWriter sse, ChunkEncoder encoder, ChatCompletionResponse response,
                               boolean sentContent, boolean includeUsage) throws IOException {
        ChatCompletionResponse.Choice choice = response == null ? null : response.firstChoice();
        if (!sentContent && choice != null) {
            // A provider that delivered the answer only at the end: send its content now.
            for (ChatCompletionChunk chunk : encoder.body(choice.message())) {
                sse.data(chunk);
            }
        }
        sse.data(encoder.finish(choice == null ? null : choice.finishReason()));
        if (includeUsage && response != null && response.usage() != null) {
            sse.data(encoder.usage(response.usage()));
        }
        sse.done();
    }

    private static void fail(ServerRequest req, ServerResponse res, RequestContext ctx, SseWriter sse,
                             LiveStream live, ProviderException error) throws IOException {
        if (error instanceof ProviderException.Cancelled) {
            if (live.isCancelled()) {
                return;
            }
            error = new ProviderException.ServerError(error.provider(), 0, "the stream was cancelled upstream", null);
        }
        GatewayError gatewayError = GatewayError.upstream(error);
        if (sse == null) {
            // Nothing sent yet: a plain error, with the headers stages set (x-reprise-attempts, say).
            ChatResponder.applyContextHeaders(res, ctx);
            ErrorResponder.send(req, res, gatewayError);
            return;
        }
        sse.data(ErrorResponder.json(gatewayError));
        sse.done();
    }

    private static SseWriter open(ServerResponse res, RequestContext ctx, SseWriter sse, ChunkEncoder encoder)
            throws IOException {
        if (sse != null) {
            return sse;
        }
        SseWriter opened = commit(res, ctx);
        opened.data(encoder.role());
        return opened;
    }

    /** Sends the status line and headers of an SSE answer. */
    private static SseWriter commit(ServerResponse res, RequestContext ctx) {
        res.status(200);
        res.header(HeaderValues.CONTENT_TYPE_EVENT_STREAM);
        res.header(HeaderValues.CACHE_NO_CACHE);
        // Tell nginx-style proxies not to buffer the stream.
        res.header(HeaderNames.create("x-accel-buffering"), "no");
        ChatResponder.applyContextHeaders(res, ctx);
        return new SseWriter(res.outputStream());
    }

    private static boolean wantsUsage(ChatCompletionRequest request) {
        return request != null && request.streamOptions() != null && request.streamOptions().wantsUsage();
    }

    /** True when {@code e} is a failed write to a connection the client has closed. */
    static boolean isClientGone(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof IOException || t instanceof UncheckedIOException || t instanceof ServerConnectionException) {
                return true;
            }
        }
        return false;
    }

    private static void clientGone(RequestContext ctx, Throwable e) {
        LOG.log(Level.FINE, "request " + ctx.requestId() + ": the client went away mid-stream", e);
    }

    private static void closeQuietly(SseWriter sse) {
        if (sse == null) {
            return;
        }
        try {
            sse.close();
        } catch (IOException | RuntimeException e) {
            LOG.log(Level.FINE, "closing an SSE stream failed", e);
        }
    }
}
