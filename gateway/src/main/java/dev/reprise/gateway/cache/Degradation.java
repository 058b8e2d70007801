package dev.reprise.gateway.cache;

import dev.reprise.gateway.pipeline.RequestContext;

/**
 * What a request under load did without, told to the client in {@code x-reprise-degraded} (a comma-separated list of
 * the tokens below) and kept in its context for the stages that settle after the skipping one.
 */
public final class Degradation {

    public static final String HEADER = "x-reprise-degraded";
    /** The semantic tier did not run: only the exact tier was asked. */
    public static final String SEMANTIC_SKIPPED = "semantic-skipped";
    /** The injection check's inspection (an embedding) did not run; the answer is not stored. */
    public static final String INSPECTION_SKIPPED = "injection-inspection-skipped";
    /** The answer went to the cache writer without a vector; the writer embeds it later, off the request path. */
    public static final String STORE_DEFERRED = "store-deferred";
    /** The answer was not stored: the writer's queue was full, or the prompt was not inspected. */
    public static final String STORE_DROPPED = "store-dropped";

    private static final RequestContext.Key<String> SKIPPED = RequestContext.Key.of("overload.skipped", String.class);

    private Degradation() {
    }

    /** Adds {@code token} to the request's header and its record of what it skipped. */
    public static void add(RequestContext ctx, String token) {
        String sofar = ctx.attribute(SKIPPED).orElse(null);
        String next = sofar == null ? token : sofar + ", " + token;
        ctx.attribute(SKIPPED, next);
        ctx.responseHeader(HEADER, next);
    }

    /** A request whose semantic tier was skipped is still a miss to the client: the exact tier missed it. */
    public static void miss(RequestContext ctx) {
        ctx.responseHeader(CacheStatus.HEADER, CacheStatus.MISS.header());
    }

    /** Whether {@code token} was added for this request. */
    public static boolean has(RequestContext ctx, String token) {
        return ctx.attribute(SKIPPED).map(s -> (", " + s + ",").contains(", " + token + ",")).orElse(false);
    }
}
