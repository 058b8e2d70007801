package dev.reprise.gateway.cache;

import dev.reprise.gateway.pipeline.OpaqueIds;
import dev.reprise.gateway.pipeline.Outcome;
import dev.reprise.gateway.pipeline.RequestContext;
import dev.reprise.gateway.pipeline.ServedBy;
import dev.reprise.gateway.pipeline.SettledRequest;
import dev.reprise.models.wire.ChatCompletionResponse;

import java.util.Locale;

/** Turns a cached entry into the answer a client sees: a fresh id and time, and the cache headers. */
final class CacheHits {

    /** The {@code x-reprise-provider} of an answer no provider was asked for. */
    static final String CACHE_PROVIDER = "cache";

    private CacheHits() {
    }

    static Outcome serve(RequestContext ctx, ResponseCache.CachedAnswer hit, CacheStatus status) {
        SettledRequest.CacheTier tier = status == CacheStatus.HIT_EXACT
                ? SettledRequest.CacheTier.HIT_EXACT : SettledRequest.CacheTier.HIT_SEMANTIC;
        ctx.settling().cache(new SettledRequest.CacheFacts(tier, hit.similarity(), hit.probability(), hit.entry().id(),
                false, hit.judged()), hit.entry().costUsd());
        ctx.responseHeader(CacheStatus.HEADER, status.header());
        ctx.responseHeader(CacheStatus.AGE_HEADER, Long.toString(hit.age().toSeconds()));
        ctx.responseHeader(CacheStatus.ENTRY_HEADER, hit.entry().id());
        if (hit.similarity() != null) {
            ctx.responseHeader(CacheStatus.SIMILARITY_HEADER, String.format(Locale.ROOT, "%.4f", hit.similarity()));
        }
        if (hit.probability() != null) {
            ctx.responseHeader(CacheStatus.VERIFIER_HEADER, String.format(Locale.ROOT, "%.4f", hit.probability()));
        }
        if (hit.judged()) {
            ctx.responseHeader(CacheStatus.JUDGED_HEADER, "true");
        }
        ctx.servedBy(new ServedBy(CACHE_PROVIDER, hit.response().model()));
        return new Outcome.Answered(fresh(hit.response()));
    }

    static ChatCompletionResponse fresh(ChatCompletionResponse stored) {
        return stored.withIdentity("chatcmpl-" + OpaqueIds.hex128(),
                System.currentTimeMillis() / 1000);
    }
}
