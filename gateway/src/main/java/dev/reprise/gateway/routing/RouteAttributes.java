package dev.reprise.gateway.routing;

/** The response headers routing sets. */
public final class RouteAttributes {

    public static final String ROUTE_HEADER = "x-reprise-route";
    public static final String VARIANT_HEADER = "x-reprise-variant";
    public static final String ATTEMPTS_HEADER = "x-reprise-attempts";
    public static final String FALLBACK_HEADER = "x-reprise-fallback";
    public static final String AB_KEY_HEADER = "x-reprise-ab-key";

    private RouteAttributes() {
    }
}
