package dev.reprise.gateway.cache;

import dev.reprise.gateway.pipeline.Outcome;
import dev.reprise.gateway.pipeline.RequestContext;
import dev.reprise.gateway.pipeline.Stage;

import java.util.Optional;

/** The exact tier: a hash of namespace and normalised text answers without embedding anything. */
public final class ExactTierStage implements Stage {

    private final ResponseCache cache;

    public ExactTierStage(ResponseCache cache) {
        this.cache = cache;
    }

    @Override
    public String name() {
        return "cache-exact";
    }

    @Override
    public Optional<Outcome> before(RequestContext ctx) {
        Optional<CacheRequest> key = ctx.attribute(CacheKeyStage.CACHE_REQUEST).filter(CacheRequest::lookup);
        if (key.isEmpty()) {
            return Optional.empty();
        }
        return cache.exact(key.get()).map(hit -> CacheHits.serve(ctx, hit, CacheStatus.HIT_EXACT));
    }
}
