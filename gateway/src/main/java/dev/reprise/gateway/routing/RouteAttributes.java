package dev.reprise.gateway.routing;

import dev.reprise.gateway.pipeline.RequestContext;

/** What routing leaves on a request's context for later stages, and the response headers it sets. */
public final class RouteAttributes {

    /** The A/B variant the request was assigned to. */
    public static final RequestContext.Key<VariantChoice> VARIANT =
            RequestContext.Key.of("route.variant", VariantChoice.class);
    /**
     * The alias that actually answered, set when a fallback alias served the request: such an answer is
     * not stored under the routed alias's cache namespace.
     */
    public static final RequestContext.Key<String> SERVED_BY_FALLBACK =
            RequestContext.Key.of("route.fallback", String.class);

    public static final String ROUTE_HEADER = "x-reprise-route";
    public static final String VARIANT_HEADER = "x-reprise-variant";
    public static final String ATTEMPTS_HEADER = "x-reprise-attempts";
    public static final String FALLBACK_HEADER = "x-reprise-fallback";
    public static final String AB_KEY_HEADER = "x-reprise-ab-key";

    private RouteAttributes() {
    }
}
