package dev.reprise.gateway.metrics;

import dev.reprise.gateway.pipeline.SettledListener;
import dev.reprise.gateway.pipeline.SettledRequest;
import dev.reprise.models.wire.Usage;

/**
 * Counts each settled request: by alias, what served it and status, and per A/B variant; a cache-judge call counts
 * only in tokens and cost. A stream counts when it
 * ends, with the status its end maps to (200, or e.g. 502 / 499 when it failed or the client left).
 */
public final class RequestMetrics implements SettledListener {

    /** The status of a request whose client went away: not the variant's error. */
    private static final int CLIENT_CLOSED = 499;

    private final GatewayMetrics metrics;

    public RequestMetrics(GatewayMetrics metrics) {
        this.metrics = metrics;
    }

    /** The HTTP status: bounded, where an upstream's own error code might not be. */
    private static String errorType(SettledRequest r) {
        return Integer.toString(r.status());
    }

    @Override
    public void settled(SettledRequest r) {
        // The cache judge's own calls are spent money and tokens, but not client requests.
        if (r.kind() == SettledRequest.Kind.CHAT) {
            metrics.request(r.alias(), r.provider(), r.status(), r.latency());
            metrics.serverRequest(r.alias(), r.provider(), r.ok() ? null : errorType(r), r.latency(),
                    r.timeToFirstToken());
        }
        if (r.alias() != null && r.tokens().source() != SettledRequest.TokenSource.NONE) {
            metrics.tokens(r.alias(), r.provider(), r.tokens().input(), r.tokens().output());
            metrics.cost(r.alias(), r.provider(), r.deployment(), r.costUsd());
        }
        if (r.alias() != null && r.savedUsd() > 0) {
            metrics.costSaved(r.alias(), r.savedUsd());
        }
        if (r.variant() != null) {
            Usage usage = r.tokens().source() == SettledRequest.TokenSource.NONE ? null
                    : Usage.of(r.tokens().input(), r.tokens().output());
            metrics.variant(new GatewayMetrics.VariantResult(r.variant().alias(), r.variant().name(),
                    !r.ok() && r.status() != CLIENT_CLOSED, r.cacheHit(), r.latency(), usage, r.costUsd()));
        }
    }
}
