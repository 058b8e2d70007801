package dev.reprise.gateway.cache;

import dev.reprise.cache.UnitVectors;
import dev.reprise.gateway.error.GatewayError;
import dev.reprise.gateway.pipeline.Outcome;
import dev.reprise.gateway.pipeline.RequestContext;
import dev.reprise.gateway.pipeline.ServedBy;
import dev.reprise.gateway.pipeline.SettledRequest;
import dev.reprise.gateway.pipeline.Stage;
import dev.reprise.models.wire.ChatCompletionResponse;

import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Request coalescing: concurrent identical misses (same namespace and normalised text) make one
 * upstream call, and the others wait for its outcome. A miss whose question is close enough in meaning to
 * one already on its way upstream (the semantic tier's threshold and guards, judged against the leader's
 * text) waits for that answer too: it is the answer the semantic tier would serve a moment later, once
 * stored. Followers get the leader's answer only when the cache could have served it (a complete answer
 * from the routed alias, not a fallback's), with the leader's provider headers; they get the leader's
 * error when retrying cannot help (a bad request, a rate limit). Otherwise each follower goes upstream
 * itself, so one failure never fails them all.
 */
public final class CoalesceStage implements Stage {

    /**
     * Set on a leader: ends its call for new joiners. {@link CacheKeyStage} runs it once it has handed the answer to
     * the cache (or decided not to), since a ticket released before that let a request arriving in between find
     * neither the call nor the answer, and call upstream a second time.
     */
    static final RequestContext.Key<Runnable> RELEASE = RequestContext.Key.of("cache.coalesce-release", Runnable.class);
    private static final RequestContext.Key<InflightCalls.Ticket> TICKET =
            RequestContext.Key.of("cache.ticket", InflightCalls.Ticket.class);
    public static final String COALESCED_HEADER = "x-reprise-coalesced";

    /** What the leader hands its followers: an answer with who served it, or an error they share. */
    record Shared(ChatCompletionResponse response, ServedBy servedBy, GatewayError error) {
    }

    /** A leader as followers by meaning see it: its normalised text and vector, and the outcome to wait for. */
    private record Leader(String text, float[] vector, CompletableFuture<Shared> outcome) {
    }

    private final ResponseCache cache;
    private final InflightCalls<Shared> inflight = new InflightCalls<>();
    /** Leaders by namespace id; each leaves when its outcome is settled. */
    private final ConcurrentHashMap<String, Set<Leader>> leadersByNamespace = new ConcurrentHashMap<>();

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
        if (!ticket.leader()) {
            return follow(ctx, ticket.future(), null);
        }
        // The exact tier missed before this request joined. A leader for the same text may have answered, handed
        // its answer to the cache and ended its call in between (a request held up by the scheduler for a moment):
        // look once more, now that this request leads, rather than call upstream a second time.
        Optional<ResponseCache.CachedAnswer> stored = cache.exact(key.get());
        if (stored.isPresent()) {
            // Whoever joined this ticket meanwhile finds the same answer in the cache (see follow).
            inflight.fail(key.get().exactKey(), ticket, new IllegalStateException("answered from the cache"));
            return Optional.of(CacheHits.serve(ctx, stored.get(), CacheStatus.HIT_EXACT));
        }
        // This request leads for its own text either way: its outcome, even one borrowed from a leader by
        // meaning, settles the exact ticket in after().
        ctx.attribute(TICKET, ticket);
        float[] vector = ctx.attribute(SemanticTierStage.VECTOR).orElse(null);
        if (vector == null) {
            return Optional.empty();
        }
        String namespace = key.get().namespace().id();
        Optional<Outcome> followed = nearestLeader(key.get(), namespace, vector)
                .flatMap(near -> follow(ctx, near.leader().outcome(), near.similarity()));
        if (followed.isEmpty()) {
            lead(namespace, new Leader(key.get().normalisedText(), vector, ticket.future()));
        }
        return followed;
    }

    /**
     * Waits for a leader's outcome; empty (go upstream) when it failed or took longer than this call may.
     * {@code similarity} is null for a leader of the same text, else how close the leader's question is.
     */
    private Optional<Outcome> follow(RequestContext ctx, CompletableFuture<Shared> outcome, Float similarity) {
        Duration wait = ctx.deployment().timeout();
        Shared shared;
        try {
            shared = outcome.get(wait.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        } catch (ExecutionException e) {
            // A leader of the same text that ended without an answer to share: its answer may be in the cache all
            // the same (it found it there itself), else this request goes upstream.
            return similarity == null ? exactHit(ctx) : Optional.empty();
        } catch (TimeoutException e) {
            return Optional.empty();
        }
        if (shared.error() != null && similarity != null) {
            // The leader's error may come from its own text (too long, refused); this one asks afresh.
            return Optional.empty();
        }
        double saved = shared.response() == null || shared.response().usage() == null ? 0
                : ctx.deployment().price().cost(shared.response().usage().promptTokens(),
                shared.response().usage().completionTokens());
        // The lookup's best similarity stays: the query log and the ledger report the lookup, not the leader.
        Float best = ctx.settling().cache().similarity();
        ctx.settling().cache(new SettledRequest.CacheFacts(SettledRequest.CacheTier.MISS, best, null, null, true), saved);
        ctx.responseHeader(COALESCED_HEADER, similarity == null ? "true" : "meaning");
        if (similarity != null) {
            ctx.responseHeader(CacheStatus.SIMILARITY_HEADER, String.format(Locale.ROOT, "%.4f", similarity));
        }
        if (shared.error() != null) {
            return Optional.of(new Outcome.Refused(shared.error()));
        }
        ctx.servedBy(shared.servedBy());
        return Optional.of(new Outcome.Answered(CacheHits.fresh(shared.response())));
    }

    private Optional<Outcome> exactHit(RequestContext ctx) {
        return ctx.attribute(CacheKeyStage.CACHE_REQUEST).flatMap(cache::exact)
                .map(hit -> CacheHits.serve(ctx, hit, CacheStatus.HIT_EXACT));
    }

    private record Near(Leader leader, float similarity) {
    }

    /** The in-flight question closest to {@code vector} in the namespace, if the semantic tier would serve it. */
    private Optional<Near> nearestLeader(CacheRequest request, String namespace, float[] vector) {
        Set<Leader> leaders = leadersByNamespace.get(namespace);
        if (leaders == null) {
            return Optional.empty();
        }
        Leader best = null;
        float bestSimilarity = Float.NEGATIVE_INFINITY;
        for (Leader leader : leaders) {
            float similarity = UnitVectors.cosine(vector, leader.vector());
            if (similarity > bestSimilarity) {
                best = leader;
                bestSimilarity = similarity;
            }
        }
        // Only the nearest may be followed, as only the nearest entry may be served.
        return best != null && cache.wouldServe(request, best.text(), bestSimilarity)
                ? Optional.of(new Near(best, bestSimilarity)) : Optional.empty();
    }

    private void lead(String namespace, Leader leader) {
        // Added under the map's lock for the key, so a set being emptied and dropped never takes it along.
        leadersByNamespace.compute(namespace, (n, set) -> {
            Set<Leader> leaders = set == null ? ConcurrentHashMap.newKeySet() : set;
            leaders.add(leader);
            return leaders;
        });
        leader.outcome().whenComplete((shared, error) -> leadersByNamespace.computeIfPresent(namespace,
                (n, set) -> set.remove(leader) && set.isEmpty() ? null : set));
    }

    @Override
    @SuppressWarnings("unchecked")
    public void onSettled(RequestContext ctx, SettledRequest settled) {
        Optional<InflightCalls.Ticket> maybe = ctx.attribute(TICKET);
        if (maybe.isEmpty()) {
            return;
        }
        InflightCalls.Ticket<Shared> ticket = maybe.get();
        String key = ctx.attribute(CacheKeyStage.CACHE_REQUEST).orElseThrow().exactKey();
        ctx.attribute(RELEASE, () -> inflight.release(key, ticket));
        if (settled.ok()) {
            share(ctx, settled, key, ticket);
        } else if (!settled.streamed() && retryCannotHelp(settled.error())) {
            // A refusal (a stream's errors come after its headers, so never shared: followers ask themselves).
            inflight.complete(key, ticket, new Shared(null, null, settled.error()));
        } else {
            inflight.fail(key, ticket, new IllegalStateException("the leading request failed"));
        }
    }

    private void share(RequestContext ctx, SettledRequest settled, String key, InflightCalls.Ticket<Shared> ticket) {
        // A flagged injection's answer may be jailbroken: like the cache, followers never get it.
        if (settled.fallback() != null || settled.response() == null || !cache.storable(settled.response())
                || settled.guardrail().injection() != null) {
            inflight.fail(key, ticket, new IllegalStateException("the leader's answer is not reusable"));
            return;
        }
        ServedBy servedBy = ctx.servedBy().orElse(null);
        if (servedBy == null) {
            inflight.fail(key, ticket, new IllegalStateException("the leader's answer has no known source"));
            return;
        }
        inflight.completeHeld(ticket, new Shared(settled.response(), servedBy, null)); // released by CacheKeyStage
    }

    /** Errors that the same request would get again at once: followers share them instead of piling on. */
    private static boolean retryCannotHelp(GatewayError error) {
        int status = error.status();
        return status == 400 || status == 404 || status == 413 || status == 429;
    }
}
