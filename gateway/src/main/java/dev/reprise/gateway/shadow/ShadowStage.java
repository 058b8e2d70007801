package dev.reprise.gateway.shadow;

import dev.reprise.gateway.pipeline.Outcome;
import dev.reprise.gateway.pipeline.RequestContext;
import dev.reprise.gateway.pipeline.SettledRequest;
import dev.reprise.gateway.pipeline.Stage;

import java.util.Optional;

/**
 * Picks the settled requests a candidate also gets, and hands them to {@link ShadowTraffic}. Placed right before the
 * invoke stage, so it settles only for requests that went to a provider (never a cache hit, a refusal or a shared
 * answer) and reads the request as the provider got it: routed, and redacted by the guardrails.
 */
public final class ShadowStage implements Stage {

    private final ShadowTraffic shadows;

    public ShadowStage(ShadowTraffic shadows) {
        this.shadows = shadows;
    }

    @Override
    public String name() {
        return "shadow";
    }

    @Override
    public Optional<Outcome> before(RequestContext ctx) {
        return Optional.empty();
    }

    @Override
    public void onSettled(RequestContext ctx, SettledRequest settled) {
        if (settled.kind() != SettledRequest.Kind.CHAT || ctx.request() == null) {
            return;
        }
        for (ShadowTarget target : shadows.settings().of(settled.alias())) {
            if (target.picks(settled.requestId())) {
                shadows.offer(new ShadowTraffic.Job(settled, ctx.request(), target));
            }
        }
    }
}
