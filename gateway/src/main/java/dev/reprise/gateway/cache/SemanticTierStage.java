package dev.reprise.gateway.cache;

import dev.reprise.cache.SemanticLookup;
import dev.reprise.gateway.pipeline.Outcome;
import dev.reprise.gateway.pipeline.RequestContext;
import dev.reprise.gateway.pipeline.SettledRequest;
import dev.reprise.gateway.pipeline.Stage;

import java.util.Optional;

/**
 * The semantic tier: embeds the normalised text, finds the nearest entries in the namespace and serves
 * the best one when it clears the threshold and the guards. The vector is kept for the store on a miss.
 */
public final class SemanticTierStage implements Stage {

    static final RequestContext.Key<float[]> VECTOR = RequestContext.Key.of("cache.vector", float[].class);
    /** A missed lookup, whole: the judge reads its best candidate and why it missed. */
    public static final RequestContext.Key<SemanticLookup> MISSED =
            RequestContext.Key.of("cache.semantic-miss", SemanticLookup.class);

    private final ResponseCache cache;

    public SemanticTierStage(ResponseCache cache) {
        this.cache = cache;
    }

    @Override
    public String name() {
        return "cache-semantic";
    }

    @Override
    public Optional<Outcome> before(RequestContext ctx) {
        Optional<CacheRequest> key = ctx.attribute(CacheKeyStage.CACHE_REQUEST).filter(CacheRequest::lookup);
        if (key.isEmpty()) {
            return Optional.empty();
        }
        if (cache.tooLongToMatchByMeaning(key.get().normalisedText())) {
            ctx.responseHeader(CacheStatus.HEADER, CacheStatus.MISS.header());
            ctx.responseHeader(CacheStatus.REASON_HEADER, "too-long-for-semantic");
            return Optional.empty();
        }
        ResponseCache.SemanticResult result = cache.semantic(key.get());
        ctx.attribute(VECTOR, result.vector());
        if (result.hit() != null) {
            return Optional.of(CacheHits.serve(ctx, result.hit(), CacheStatus.HIT_SEMANTIC));
        }
        if (result.lookup() != null) {
            ctx.attribute(MISSED, result.lookup());
        }
        Float best = result.lookup() == null || result.lookup().best() == null ? null : result.lookup().best().similarity();
        ctx.settling().cache(new SettledRequest.CacheFacts(SettledRequest.CacheTier.MISS, best, null, null, false), 0);
        ctx.responseHeader(CacheStatus.HEADER, CacheStatus.MISS.header());
        return Optional.empty();
    }
}
