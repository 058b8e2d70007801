package dev.reprise.gateway.judge;

import dev.reprise.cache.ScoredEntry;
import dev.reprise.cache.SemanticLookup;
import dev.reprise.gateway.cache.CacheKeyStage;
import dev.reprise.gateway.cache.CacheRequest;
import dev.reprise.gateway.cache.SemanticTierStage;
import dev.reprise.gateway.pipeline.Outcome;
import dev.reprise.gateway.pipeline.RequestContext;
import dev.reprise.gateway.pipeline.SettledRequest;
import dev.reprise.gateway.pipeline.Stage;

import java.util.Optional;

/**
 * Hands grey-band misses to the background judge once they settled: the semantic tier missed, its best candidate
 * was at or above {@code cache.judge.floor} and below the serving rule, the guards accept it (a veto says the two
 * differ), and the answer was stored. Placed before the cache key stage, so it settles after the store.
 */
public final class JudgeStage implements Stage {

    private final BackgroundJudge judge;

    public JudgeStage(BackgroundJudge judge) {
        this.judge = judge;
    }

    @Override
    public String name() {
        return "cache-judge";
    }

    @Override
    public Optional<Outcome> before(RequestContext ctx) {
        return Optional.empty();
    }

    @Override
    public void onSettled(RequestContext ctx, SettledRequest settled) {
        SemanticLookup miss = ctx.attribute(SemanticTierStage.MISSED).orElse(null);
        if (miss == null) {
            return;
        }
        judge.missed();
        Optional<CacheRequest> key = ctx.attribute(CacheKeyStage.CACHE_REQUEST);
        Optional<String> stored = ctx.attribute(CacheKeyStage.STORED);
        if (!settled.ok() || key.isEmpty() || stored.isEmpty() || !judge.inGreyBand(key.get(), miss)) {
            return;
        }
        ScoredEntry best = miss.best();
        judge.offer(new BackgroundJudge.Job(key.get(), stored.get(), best.entry(), best.similarity()));
    }
}
