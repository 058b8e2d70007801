package dev.reprise.gateway.cache;

import dev.reprise.gateway.config.ConfigException;
import dev.reprise.gateway.config.ConfigValues;
import dev.reprise.gateway.error.ClientValue;
import dev.reprise.gateway.error.GatewayError;
import dev.reprise.gateway.error.GatewayException;
import dev.reprise.gateway.pipeline.Outcome;
import dev.reprise.gateway.pipeline.RequestContext;
import dev.reprise.gateway.pipeline.Stage;
import dev.reprise.gateway.routing.RouteAttributes;
import dev.reprise.models.wire.ChatCompletionRequest;
import dev.reprise.models.wire.ChatCompletionResponse;
import dev.reprise.models.wire.ChatMessage;
import dev.reprise.models.wire.FinishReason;
import dev.reprise.models.wire.Role;

import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * Decides whether a request may use the cache and builds its key; after the answer, stores it when it
 * may be reused. The store runs off the response path, on the cache's writer thread, and only for a
 * normal, complete, single answer that ended with {@code stop}.
 */
public final class CacheKeyStage implements Stage {

    public static final RequestContext.Key<CacheRequest> CACHE_REQUEST = RequestContext.Key.of("cache.request", CacheRequest.class);
    /** Set by the tier that served a hit, so nothing is stored again. */
    public static final RequestContext.Key<ResponseCache.CachedAnswer> SERVED_HIT =
            RequestContext.Key.of("cache.hit", ResponseCache.CachedAnswer.class);
    /** Set with {@link #SERVED_HIT}: which tier served it. */
    public static final RequestContext.Key<CacheStatus> SERVED_STATUS =
            RequestContext.Key.of("cache.hit-status", CacheStatus.class);
    /**
     * Set by {@code after} on a request that did not hit: completes with the id its answer was stored under,
     * or with null when it was not stored. For a stream it completes when the stream ends.
     */
    @SuppressWarnings("unchecked")
    public static final RequestContext.Key<CompletableFuture<String>> STORED = RequestContext.Key.of("cache.stored",
            (Class<CompletableFuture<String>>) (Class<?>) CompletableFuture.class);

    public static final String THRESHOLD_HEADER = "x-reprise-cache-threshold";
    public static final String TTL_HEADER = "x-reprise-cache-ttl";
    /** The longest TTL a request may ask for; longer ones overflow the clock's arithmetic. */
    static final Duration MAX_TTL = Duration.ofDays(3650);

    private final ResponseCache cache;

    public CacheKeyStage(ResponseCache cache) {
        this.cache = cache;
    }

    @Override
    public String name() {
        return "cache-key";
    }

    @Override
    public Optional<Outcome> before(RequestContext ctx) {
        CacheSettings settings = cache.settings();
        ChatCompletionRequest request = ctx.request();
        CacheControl control = CacheControl.parse(ctx.header("cache-control").orElse(null));
        String reason = bypassReason(request, control, settings);
        if (reason != null) {
            bypass(ctx, reason);
            return Optional.empty();
        }
        String alias = ctx.deployment().alias();
        double configured = settings.thresholdFor(alias);
        double threshold = ctx.header(THRESHOLD_HEADER).map(h -> raisedThreshold(h, configured)).orElse(configured);
        Duration ttl = ctx.header(TTL_HEADER).map(CacheKeyStage::ttl).orElse(settings.ttl());
        CacheRequest key = cache.key(ctx.caller().tenant(), alias, request, !control.noCache(), threshold, ttl);
        if (key.normalisedText().isBlank()) {
            bypass(ctx, "empty-text");
            return Optional.empty();
        }
        ctx.attribute(CACHE_REQUEST, key);
        if (control.noCache()) {
            ctx.responseHeader(CacheStatus.HEADER, CacheStatus.BYPASS.header());
            ctx.responseHeader(CacheStatus.REASON_HEADER, "no-cache");
        }
        return Optional.empty();
    }

    @Override
    public void after(RequestContext ctx, Outcome outcome) {
        Optional<CacheRequest> key = ctx.attribute(CACHE_REQUEST);
        if (key.isEmpty() || ctx.attribute(SERVED_HIT).isPresent()) {
            return;
        }
        CompletableFuture<String> stored;
        try {
            stored = store(ctx, key.get(), outcome);
        } catch (RuntimeException e) {
            releaseCoalesced(ctx);
            throw e;
        }
        // Once the answer is in the cache (pending or indexed), a repeat hits it: the coalesced call may end.
        ctx.attribute(STORED, stored.whenComplete((id, error) -> releaseCoalesced(ctx)));
    }

    private static void releaseCoalesced(RequestContext ctx) {
        ctx.attribute(CoalesceStage.RELEASE).ifPresent(Runnable::run);
    }

    /** Stores the answer when the cache may reuse it; the future completes with the entry id, or null. */
    private CompletableFuture<String> store(RequestContext ctx, CacheRequest key, Outcome outcome) {
        if (ctx.attribute(CoalesceStage.FOLLOWED).isPresent() || servedByFallback(ctx)) {
            return CompletableFuture.completedFuture(null);
        }
        float[] vector = ctx.attribute(SemanticTierStage.VECTOR).orElse(null);
        return switch (outcome) {
            case Outcome.Answered answered -> CompletableFuture.completedFuture(cache.storable(answered.response())
                    ? cache.storeLater(key, vector, ctx.deployment().price(), answered.response()) : null);
            // A stream's serving deployment (and any fallback) is known only once it has started; read both at its end.
            case Outcome.Streaming streaming -> streaming.stream().completion().handle((response, error) ->
                    error == null && !servedByFallback(ctx) && cache.storable(response)
                            ? cache.storeLater(key, vector, ctx.deployment().price(), response) : null);
            // Errors are never cached.
            case Outcome.Refused refused -> CompletableFuture.completedFuture(null);
        };
    }

    /** A fallback alias's answer is not the routed alias's: never store it under the routed namespace. */
    static boolean servedByFallback(RequestContext ctx) {
        return ctx.attribute(RouteAttributes.SERVED_BY_FALLBACK).isPresent();
    }

    private static String bypassReason(ChatCompletionRequest request, CacheControl control, CacheSettings settings) {
        if (control.noStore()) {
            return "no-store";
        }
        if (request.n() != null && request.n() > 1) {
            return "n";
        }
        if (request.temperature() != null && request.temperature() > settings.maxTemperature()) {
            return "temperature";
        }
        ChatMessage last = request.messages().getLast();
        if (last.role() != Role.USER || last.content() == null || last.content().hasNonTextParts()) {
            return "last-message-not-user-text";
        }
        return null;
    }

    private void bypass(RequestContext ctx, String reason) {
        ctx.responseHeader(CacheStatus.HEADER, CacheStatus.BYPASS.header());
        ctx.responseHeader(CacheStatus.REASON_HEADER, reason);
        cache.bypassed(reason);
    }

    /** The header may raise the threshold for this request, never lower it below the configured one. */
    private static double raisedThreshold(String header, double configured) {
        double requested;
        try {
            requested = Double.parseDouble(header.strip());
        } catch (NumberFormatException e) {
            throw invalidHeader(THRESHOLD_HEADER, "must be a number in (0, 1], got " + ClientValue.quote(header));
        }
        if (!(requested > 0 && requested <= 1)) {
            throw invalidHeader(THRESHOLD_HEADER, "must be a number in (0, 1], got " + ClientValue.quote(header));
        }
        return Math.max(requested, configured);
    }

    /** A TTL as seconds ({@code 300}) or a config duration ({@code 300s}, {@code 5m}, {@code 2h}, {@code 7d}). */
    static Duration ttl(String header) {
        String h = header.strip();
        Duration d;
        try {
            d = h.chars().allMatch(Character::isDigit) && !h.isEmpty()
                    ? Duration.ofSeconds(Long.parseLong(h))
                    : ConfigValues.duration(TTL_HEADER, h, null);
        } catch (ConfigException | NumberFormatException | ArithmeticException e) {
            throw invalidHeader(TTL_HEADER, "must be seconds or a duration such as 300s, 5m, 2h or 7d, got "
                    + ClientValue.quote(header));
        }
        if (d == null || d.isNegative() || d.isZero()) {
            throw invalidHeader(TTL_HEADER, "must be > 0, got " + ClientValue.quote(header));
        }
        if (d.compareTo(MAX_TTL) > 0) {
            throw invalidHeader(TTL_HEADER, "must be at most " + MAX_TTL.toDays() + " days, got " + ClientValue.quote(header));
        }
        return d;
    }

    private static GatewayException invalidHeader(String name, String problem) {
        return GatewayError.invalidRequest("Header " + name + " " + problem + ".", name).toException();
    }

    /** The two {@code Cache-Control} directives the gateway honours. */
    record CacheControl(boolean noStore, boolean noCache) {
        static CacheControl parse(String header) {
            if (header == null) {
                return new CacheControl(false, false);
            }
            boolean noStore = false;
            boolean noCache = false;
            for (String part : header.toLowerCase(Locale.ROOT).split(",")) {
                String directive = part.strip();
                noStore |= directive.equals("no-store");
                noCache |= directive.equals("no-cache");
            }
            return new CacheControl(noStore, noCache);
        }
    }
}
