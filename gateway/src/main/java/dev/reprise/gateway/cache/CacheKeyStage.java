package dev.reprise.gateway.cache;

import dev.reprise.gateway.config.ConfigException;
import dev.reprise.gateway.config.ConfigValues;
import dev.reprise.gateway.error.ClientValue;
import dev.reprise.gateway.error.GatewayError;
import dev.reprise.gateway.error.GatewayException;
import dev.reprise.gateway.pipeline.Outcome;
import dev.reprise.gateway.pipeline.RequestContext;
import dev.reprise.gateway.pipeline.SettledRequest;
import dev.reprise.gateway.pipeline.Stage;
import dev.reprise.models.wire.ChatCompletionRequest;
import dev.reprise.models.wire.ChatCompletionResponse;
import dev.reprise.models.wire.ChatMessage;
import dev.reprise.models.wire.Role;
import dev.reprise.models.wire.Usage;

import java.time.Duration;
import java.util.Locale;
import java.util.Optional;

/**
 * Decides whether a request may use the cache and builds its key; once the request settles, stores its answer
 * when it may be reused. The store runs off the response path, on the cache's writer thread, and only for a
 * normal, complete, single answer that ended with {@code stop}.
 */
public final class CacheKeyStage implements Stage {

    public static final RequestContext.Key<CacheRequest> CACHE_REQUEST = RequestContext.Key.of("cache.request", CacheRequest.class);
    /**
     * Set on settling when the answer was stored: the id of its entry (for the query log and the judge, which settle
     * next).
     */
    public static final RequestContext.Key<String> STORED = RequestContext.Key.of("cache.stored", String.class);

    public static final String THRESHOLD_HEADER = "x-reprise-cache-threshold";
    public static final String TTL_HEADER = "x-reprise-cache-ttl";
    private static final SettledRequest.CacheFacts BYPASSED =
            new SettledRequest.CacheFacts(SettledRequest.CacheTier.BYPASS, null, null, null, false);
    private static final SettledRequest.CacheFacts MISSED =
            new SettledRequest.CacheFacts(SettledRequest.CacheTier.MISS, null, null, null, false);
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
        String reason = ctx.settling().guardrail().noStore() ? "guardrail-pii" : bypassReason(request, control, settings);
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
            ctx.settling().cache(BYPASSED, 0);
        } else {
            // The tiers replace this with a hit or the semantic lookup's best similarity.
            ctx.settling().cache(MISSED, 0);
        }
        return Optional.empty();
    }

    @Override
    public void onSettled(RequestContext ctx, SettledRequest settled) {
        Optional<CacheRequest> key = ctx.attribute(CACHE_REQUEST);
        if (key.isEmpty() || settled.cacheHit()) {
            return;
        }
        try {
            if (reusable(settled)) {
                store(ctx, key.get(), settled);
            }
        } finally {
            // Once the answer is in the cache (pending or indexed), a repeat hits it: the coalesced call may end.
            ctx.attribute(CoalesceStage.RELEASE).ifPresent(Runnable::run);
        }
    }

    /**
     * Hands the answer to the cache writer, unless load made the request skip the injection inspection (only a prompt
     * that passed it may be stored) or the writer's queue is full; says which in {@code x-reprise-degraded}.
     */
    private void store(RequestContext ctx, CacheRequest key, SettledRequest settled) {
        if (Degradation.has(ctx, Degradation.INSPECTION_SKIPPED)) {
            Degradation.add(ctx, Degradation.STORE_DROPPED);
            cache.degraded(Degradation.STORE_DROPPED, "inspection-skipped");
            return;
        }
        float[] vector = ctx.attribute(SemanticTierStage.VECTOR).orElse(null);
        // The context's deployment is the one that served (InvokeStage made it so): its price is the answer's.
        String id = cache.storeLater(key, vector, ctx.deployment().price(), withUsage(settled));
        if (id == null) {
            Degradation.add(ctx, Degradation.STORE_DROPPED);
            cache.degraded(Degradation.STORE_DROPPED, "store-queue");
            return;
        }
        ctx.attribute(STORED, id);
        if (vector == null && Degradation.has(ctx, Degradation.SEMANTIC_SKIPPED)) {
            Degradation.add(ctx, Degradation.STORE_DEFERRED);
            cache.degraded(Degradation.STORE_DEFERRED, "semantic-skipped");
        }
    }

    /** The answer with the settled token counts when the provider sent none, so its hits save what it cost. */
    private static ChatCompletionResponse withUsage(SettledRequest settled) {
        ChatCompletionResponse response = settled.response();
        return response.usage() != null ? response
                : response.withUsage(Usage.of(settled.tokens().input(), settled.tokens().output()));
    }

    /**
     * A complete answer of the routed alias that this request paid for: not an error, not a fallback alias's answer
     * (never stored under the routed namespace), not one shared by a request in flight (its leader stores it), not
     * the answer to a prompt flagged as an injection (it may be a jailbroken answer; and since no flagged prompt is
     * stored, an exact hit, which skips the injection check's inspection, is always a prompt that passed it).
     */
    boolean reusable(SettledRequest settled) {
        return settled.ok() && settled.fallback() == null && !settled.cache().coalesced()
                && settled.guardrail().injection() == null
                && settled.response() != null && cache.storable(settled.response());
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
        ctx.settling().cache(BYPASSED, 0);
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
