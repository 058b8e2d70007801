package dev.reprise.gateway.limits;

import dev.reprise.gateway.auth.Caller;
import dev.reprise.gateway.error.GatewayError;
import dev.reprise.gateway.metrics.GatewayMetrics;
import dev.reprise.gateway.pipeline.Outcome;
import dev.reprise.gateway.pipeline.RequestContext;
import dev.reprise.gateway.pipeline.SettledRequest;
import dev.reprise.gateway.pipeline.Stage;
import dev.reprise.models.wire.Usage;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Admits a request against every rate limit that applies to it (its key's, its tenant's, its alias's for all
 * callers and for this caller) or refuses it with 429 {@code rate_limit_exceeded}; either way the answer carries the
 * {@code x-ratelimit-*} headers. Tokens are charged as an estimate before the call and corrected to the real usage
 * once the request settled; a cache hit counts as {@code limits.cache-hits} says.
 */
public final class RateLimitStage implements Stage {

    private static final RequestContext.Key<Charge> CHARGE = RequestContext.Key.of("rate-limit-charge", Charge.class);

    private final RateLimiter limiter;
    private final GatewayMetrics metrics;
    private volatile LimitSettings settings;

    public RateLimitStage(LimitSettings settings, RateLimiter limiter, GatewayMetrics metrics) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.limiter = Objects.requireNonNull(limiter, "limiter");
        this.metrics = Objects.requireNonNull(metrics, "metrics");
    }

    /** What a request took at admission, and how a cache hit counts, as the settings were then. */
    private record Charge(Permit permit, long estimate, LimitSettings.CacheHitCounting cacheHits) {
    }

    /** Applies edited {@code limits} (a hot reload): the next requests see them; buckets keep their use so far. */
    public void apply(LimitSettings next) {
        this.settings = Objects.requireNonNull(next, "next");
    }

    @Override
    public String name() {
        return "rate-limit";
    }

    @Override
    public Optional<Outcome> before(RequestContext ctx) {
        LimitSettings s = settings;
        String alias = ctx.deployment() == null ? null : ctx.deployment().alias();
        List<ScopeLimit> limits = limitsFor(ctx.caller(), alias, s);
        if (limits.isEmpty()) {
            return Optional.empty();
        }
        boolean tokensLimited = limits.stream().anyMatch(l -> l.limits().tpm() > 0);
        long estimate = tokensLimited ? TokenEstimate.of(ctx.request(), ctx.deployment(), s.defaultMaxTokens()) : 0;
        Admission admission = limiter.acquire(limits, estimate);
        RateLimitHeaders.set(ctx, admission);
        return switch (admission) {
            case Admission.Granted g -> {
                ctx.attribute(CHARGE, new Charge(g.permit(), estimate, s.cacheHits()));
                yield Optional.empty();
            }
            case Admission.Refused r -> {
                metrics.rateLimited(r.by().scope().label());
                yield Optional.of(new Outcome.Refused(GatewayError.rateLimited(message(r), r.retryAfter())));
            }
        };
    }

    @Override
    public void onSettled(RequestContext ctx, SettledRequest settled) {
        Charge charge = ctx.attribute(CHARGE).orElse(null);
        if (charge == null) {
            return;
        }
        if (settled.cacheHit()) {
            charge.permit().settle(charge.cacheHits().requests() ? 1 : 0,
                    charge.cacheHits().tokens() ? answerTokens(settled, charge.estimate()) : 0);
        } else {
            // What went upstream: nothing for a refusal, a failed call or a shared (coalesced) answer.
            charge.permit().settle(1, settled.tokens().input() + settled.tokens().output());
        }
    }

    /** A hit's tokens as its stored answer reports them, else the estimate. */
    private static long answerTokens(SettledRequest settled, long estimate) {
        Usage usage = settled.response() == null ? null : settled.response().usage();
        return usage == null ? estimate : usage.promptTokens() + usage.completionTokens();
    }

    /** Every limit the request draws on; limits of none are left out. */
    static List<ScopeLimit> limitsFor(Caller caller, String alias, LimitSettings s) {
        List<ScopeLimit> limits = new ArrayList<>(4);
        if (caller.keyed()) {
            add(limits, LimitScope.KEY, caller.keyId(), "key '" + caller.keyId() + "'", caller.grant().limits());
        }
        add(limits, LimitScope.TENANT, caller.tenant(), "tenant '" + caller.tenant() + "'",
                s.tenants().get(caller.tenant()));
        LimitSettings.AliasLimits aliasLimits = alias == null ? null : s.aliases().get(alias);
        if (aliasLimits != null) {
            add(limits, LimitScope.ALIAS, alias, "model '" + alias + "'", aliasLimits.all());
            String who = caller.keyed() ? "key '" + caller.keyId() + "'" : "tenant '" + caller.tenant() + "'";
            String id = alias + "/" + (caller.keyed() ? "key:" + caller.keyId() : "tenant:" + caller.tenant());
            add(limits, LimitScope.ALIAS_CALLER, id, "model '" + alias + "' for " + who, aliasLimits.perCaller());
        }
        return limits;
    }

    private static void add(List<ScopeLimit> to, LimitScope scope, String id, String subject, RateLimits limits) {
        if (limits != null && !limits.none()) {
            to.add(new ScopeLimit(scope, id, subject, limits));
        }
    }

    private static String message(Admission.Refused r) {
        RateLimits l = r.by().limits();
        String kind = r.tokensKind() ? "tokens per minute (TPM): limit " + l.tpm()
                : "requests per minute (RPM): limit " + l.rpm();
        return "Rate limit reached for " + r.by().subject() + " on " + kind + ". Please try again in "
                + RateLimitHeaders.duration(r.retryAfter()) + ".";
    }
}
