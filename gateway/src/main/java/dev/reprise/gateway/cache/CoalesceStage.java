package dev.reprise.gateway.cache;

import dev.reprise.gateway.pipeline.Outcome;
import dev.reprise.gateway.pipeline.RequestContext;
import dev.reprise.gateway.pipeline.Stage;
import dev.reprise.models.wire.ChatCompletionResponse;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Request coalescing: concurrent identical misses (same namespace and normalised text) make one
 * upstream call; the others wait for its answer and get a copy. When the leader fails, a follower goes
 * upstream itself, so one failure never fails them all.
 */
public final class CoalesceStage implements Stage {

    static final RequestContext.Key<Boolean> FOLLOWED = RequestContext.Key.of("cache.followed", Boolean.class);
    private static final RequestContext.Key<InflightCalls.Ticket> TICKET =
            RequestContext.Key.of("cache.ticket", InflightCalls.Ticket.class);
    public static final String COALESCED_HEADER = "x-reprise-coalesced";

    private final InflightCalls<ChatCompletionResponse> inflight = new InflightCalls<>();

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
        InflightCalls.Ticket<ChatCompletionResponse> ticket = inflight.join(key.get().exactKey());
        if (ticket.leader()) {
            ctx.attribute(TICKET, ticket);
            return Optional.empty();
        }
        Duration wait = ctx.deployment().timeout();
        try {
            ChatCompletionResponse response = ticket.future().get(wait.toMillis(), TimeUnit.MILLISECONDS);
            ctx.attribute(FOLLOWED, Boolean.TRUE);
            ctx.responseHeader(COALESCED_HEADER, "true");
            return Optional.of(new Outcome.Answered(CacheHits.fresh(response)));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        } catch (ExecutionException | TimeoutException e) {
            return Optional.empty();
        }
    }

    @Override
    @SuppressWarnings("unchecked")
    public void after(RequestContext ctx, Outcome outcome) {
        Optional<InflightCalls.Ticket> maybe = ctx.attribute(TICKET);
        if (maybe.isEmpty()) {
            return;
        }
        InflightCalls.Ticket<ChatCompletionResponse> ticket = maybe.get();
        String key = ctx.attribute(CacheKeyStage.CACHE_REQUEST).orElseThrow().exactKey();
        switch (outcome) {
            case Outcome.Answered answered -> inflight.complete(key, ticket, answered.response());
            case Outcome.Streaming streaming -> streaming.stream().completion().whenComplete((response, error) -> {
                if (error == null) {
                    inflight.complete(key, ticket, response);
                } else {
                    inflight.fail(key, ticket, error);
                }
            });
            case Outcome.Refused refused -> inflight.fail(key, ticket,
                    new IllegalStateException("the leading request failed: " + refused.error().message()));
        }
    }

    /** Calls under way, for tests. */
    int inflight() {
        return inflight.size();
    }
}
