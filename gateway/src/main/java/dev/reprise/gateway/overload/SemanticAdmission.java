package dev.reprise.gateway.overload;

import dev.reprise.gateway.cache.CacheKeyStage;
import dev.reprise.gateway.cache.CacheRequest;
import dev.reprise.gateway.cache.Degradation;
import dev.reprise.gateway.pipeline.Outcome;
import dev.reprise.gateway.pipeline.RequestContext;
import dev.reprise.gateway.pipeline.SettledRequest;
import dev.reprise.gateway.pipeline.Stage;

import java.util.Optional;

/**
 * The semantic tier behind the CPU slots: a degraded request, or one that finds every slot taken, skips it (the
 * exact tier has already missed, so it goes upstream) and says so in {@code x-reprise-degraded}; the answer is then
 * stored without a vector, which the cache writer computes later.
 */
final class SemanticAdmission implements Stage {

    private final Stage semanticTier;
    private final CpuSlots slots;
    private final OverloadMetrics metrics;

    SemanticAdmission(Stage semanticTier, CpuSlots slots, OverloadMetrics metrics) {
        this.semanticTier = semanticTier;
        this.slots = slots;
        this.metrics = metrics;
    }

    @Override
    public String name() {
        return semanticTier.name();
    }

    @Override
    public Optional<Outcome> before(RequestContext ctx) {
        if (ctx.attribute(CacheKeyStage.CACHE_REQUEST).filter(CacheRequest::lookup).isEmpty()) {
            return semanticTier.before(ctx);
        }
        if (Overload.degraded(ctx)) {
            skip(ctx, "lag");
            return Optional.empty();
        }
        if (!slots.tryEnter()) {
            skip(ctx, "cpu-queue");
            return Optional.empty();
        }
        try {
            return semanticTier.before(ctx);
        } finally {
            slots.leave();
        }
    }

    private void skip(RequestContext ctx, String cause) {
        Degradation.add(ctx, Degradation.SEMANTIC_SKIPPED);
        metrics.skipped(Degradation.SEMANTIC_SKIPPED, cause);
        Degradation.miss(ctx);
    }

    @Override
    public void after(RequestContext ctx, Outcome outcome) {
        semanticTier.after(ctx, outcome);
    }

    @Override
    public Outcome answer(RequestContext ctx, Outcome outcome) {
        return semanticTier.answer(ctx, outcome);
    }

    @Override
    public Outcome reply(RequestContext ctx, Outcome outcome) {
        return semanticTier.reply(ctx, outcome);
    }

    @Override
    public void onSettled(RequestContext ctx, SettledRequest settled) {
        semanticTier.onSettled(ctx, settled);
    }
}
