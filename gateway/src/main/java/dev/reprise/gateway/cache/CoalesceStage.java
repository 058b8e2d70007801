package dev.reprise.gateway.cache;

import dev.reprise.gateway.error.GatewayError;
import dev.reprise.gateway.pipeline.Outcome;
import dev.reprise.gateway.pipeline.RequestContext;
import dev.reprise.gateway.pipeline.Stage;
import dev.reprise.gateway.stage.InvokeStage;
import dev.reprise.models.wire.ChatCompletionResponse;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Request coalescing: concurrent identical misses (same namespace and normalised text) make one
 * upstream call, and the others wait for its outcome. Followers get the leader's answer only when the
 * cache could have served it (a complete answer from the routed alias, not a fallback's), with the
 * leader's provider headers; they get the leader's error when retrying cannot help (a bad request, a
 * rate limit). Otherwise each follower goes upstream itself, so one failure never fails them all.
 */
public final class CoalesceStage implements Stage {

    static final RequestContext.Key<Boolean> FOLLOWED = RequestContext.Key.of("cache.followed", Boolean.class);
    private static final RequestContext.Key<InflightCalls.Ticket> TICKET =
            RequestContext.Key.of("cache.ticket", InflightCalls.Ticket.class);
    public static final String COALESCED_HEADER = "x-reprise-coalesced";

    /** What the leader hands its followers: an answer with who served it, or an error they share. */
    record Shared(ChatCompletionResponse response, String provider, String model, GatewayError error) {
    }

    private final ResponseCache cache;
    private final InflightCalls<Shared> inflight = new InflightCalls<>();

    public CoalesceStage(ResponseCache cache) {
        this.cache = cache;
    }

    @Override
    public String name() {
        return "cache-coalesce";
    }

    @Override
    public Optional<Outcome> before(RequestContext ctx) {
        Optional<CacheRequest> key = ctx.attribute(CacheKeyStage.CACHE_REQUEST).filter(CacheRequest::lookup);
        if (key.isEmpty()) {
            return Optional.empty();
        }
        InflightCalls.Ticket<Shared> ticket = inflight.join(key.get().exactKey());
        if (ticket.leader()) {
            ctx.attribute(TICKET, ticket);
            return Optional.empty();
        }
        Duration wait = ctx.deployment().timeout();
        Shared shared;
        try {
            shared = ticket.future().get(wait.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        } catch (ExecutionException | TimeoutException e) {
            return Optional.empty();
        }
        ctx.attribute(FOLLOWED, Boolean.TRUE);
        ctx.responseHeader(COALESCED_HEADER, "true");
        if (shared.error() != null) {
            return Optional.of(new Outcome.Refused(shared.error()));
        }
        ctx.responseHeader(InvokeStage.PROVIDER_HEADER, shared.provider());
        ctx.responseHeader(InvokeStage.MODEL_HEADER, shared.model());
        return Optional.of(new Outcome.Answered(CacheHits.fresh(shared.response())));
    }

    @Override
    @SuppressWarnings("unchecked")
    public void after(RequestContext ctx, Outcome outcome) {
        Optional<InflightCalls.Ticket> maybe = ctx.attribute(TICKET);
        if (maybe.isEmpty()) {
            return;
        }
        InflightCalls.Ticket<Shared> ticket = maybe.get();
        String key = ctx.attribute(CacheKeyStage.CACHE_REQUEST).orElseThrow().exactKey();
        switch (outcome) {
            case Outcome.Answered answered -> share(ctx, key, ticket, answered.response());
            case Outcome.Streaming streaming -> streaming.stream().completion().whenComplete((response, error) -> {
                if (error == null) {
                    share(ctx, key, ticket, response);
                } else {
                    inflight.fail(key, ticket, error);
                }
            });
            case Outcome.Refused refused -> {
                if (retryCannotHelp(refused.error())) {
                    inflight.complete(key, ticket, new Shared(null, null, null, refused.error()));
                } else {
                    inflight.fail(key, ticket, new IllegalStateException("the leading request failed"));
                }
            }
        }
    }

    private void share(RequestContext ctx, String key, InflightCalls.Ticket<Shared> ticket, ChatCompletionResponse response) {
        if (CacheKeyStage.servedByFallback(ctx) || !cache.storable(response)) {
            inflight.fail(key, ticket, new IllegalStateException("the leader's answer is not reusable"));
            return;
        }
        var headers = ctx.responseHeaders();
        inflight.complete(key, ticket, new Shared(response, headers.get(InvokeStage.PROVIDER_HEADER),
                headers.get(InvokeStage.MODEL_HEADER), null));
    }

    /** Errors that the same request would get again at once: followers share them instead of piling on. */
    private static boolean retryCannotHelp(GatewayError error) {
        int status = error.status();
        return status == 400 || status == 404 || status == 413 || status == 429;
    }
}
