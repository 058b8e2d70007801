package dev.reprise.gateway.pipeline;

import dev.reprise.gateway.error.GatewayError;
import dev.reprise.models.wire.ChatCompletionResponse;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * The facts of one finished request, completed once for plain and streamed answers alike: who asked, how it
 * was routed, what served it, what the cache did, how it ended, what it took and what it cost. Metrics, the
 * query log, the usage ledger and the access log all read this one value, so they cannot disagree.
 *
 * @param at               when the request arrived (wall clock)
 * @param keyId            the gateway key's id, or null for open-mode callers
 * @param requestedAlias   the model the client named (cut to {@link #MAX_ECHO} characters), or null before parsing
 * @param alias            the alias the request was routed to, or null before the model was resolved
 * @param route            the route rule that matched, or null
 * @param variant          the A/B variant and the alias whose split assigned it, or null
 * @param deployment       the deployment id that served, {@code cache} for a hit, or null when none did
 * @param provider         what served: a provider's config name, {@code cache}, or for an error the provider asked
 * @param fallback         set when a fallback alias served the answer
 * @param cache            what the cache did
 * @param error            the refusal, or how a stream failed after its headers; null for an answer
 * @param timeToFirstToken from arrival to the first streamed token from upstream, or null
 * @param costUsd          what the upstream call cost at the serving deployment's price (0 for hits)
 * @param savedUsd         what a cache hit (or a coalesced follower) did not spend upstream
 * @param prompt           the last user message, or null; consumers store it only when asked to
 * @param response         the whole answer (a stream's assembled), or null; for consumers that reuse it
 * @param kind             a client's request, or the gateway's own call to the cache's judge
 * @param guardrail        what the guardrails found and did ({@link GuardrailFacts#NONE} when nothing)
 * @param shadow           for a shadow call: the request it shadowed and how alike the two answers are; else null
 */
public record SettledRequest(
        String requestId, Instant at, String tenant, String keyId,
        String requestedAlias, String alias, String route, AbVariant variant,
        String deployment, String provider, String upstreamModel, int attempts, Fallback fallback,
        CacheFacts cache, int status, GatewayError error, Duration latency, Duration timeToFirstToken,
        Tokens tokens, double costUsd, double savedUsd, boolean streamed,
        String prompt, ChatCompletionResponse response, Kind kind, GuardrailFacts guardrail, ShadowFacts shadow) {

    /** The longest client-chosen value a record keeps (a model name), so a huge one cannot bloat logs. */
    public static final int MAX_ECHO = 100;

    public SettledRequest {
        Objects.requireNonNull(requestId, "requestId");
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(cache, "cache");
        Objects.requireNonNull(latency, "latency");
        Objects.requireNonNull(tokens, "tokens");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(guardrail, "guardrail");
    }

    /** A record that shadows nothing: a client's request or the judge's call. */
    public SettledRequest(
            String requestId, Instant at, String tenant, String keyId,
            String requestedAlias, String alias, String route, AbVariant variant,
            String deployment, String provider, String upstreamModel, int attempts, Fallback fallback,
            CacheFacts cache, int status, GatewayError error, Duration latency, Duration timeToFirstToken,
            Tokens tokens, double costUsd, double savedUsd, boolean streamed,
            String prompt, ChatCompletionResponse response, Kind kind, GuardrailFacts guardrail) {
        this(requestId, at, tenant, keyId, requestedAlias, alias, route, variant, deployment, provider, upstreamModel,
                attempts, fallback, cache, status, error, latency, timeToFirstToken, tokens, costUsd, savedUsd, streamed,
                prompt, response, kind, guardrail, null);
    }

    /** A record on which no guardrail acted (the judge's own calls, tests). */
    public SettledRequest(
            String requestId, Instant at, String tenant, String keyId,
            String requestedAlias, String alias, String route, AbVariant variant,
            String deployment, String provider, String upstreamModel, int attempts, Fallback fallback,
            CacheFacts cache, int status, GatewayError error, Duration latency, Duration timeToFirstToken,
            Tokens tokens, double costUsd, double savedUsd, boolean streamed,
            String prompt, ChatCompletionResponse response, Kind kind) {
        this(requestId, at, tenant, keyId, requestedAlias, alias, route, variant, deployment, provider, upstreamModel,
                attempts, fallback, cache, status, error, latency, timeToFirstToken, tokens, costUsd, savedUsd, streamed,
                prompt, response, kind, GuardrailFacts.NONE);
    }

    /**
     * Who asked: a client, or the gateway itself (the background judge of the cache, or a shadow call that sent a
     * client's request to a candidate alias as well).
     */
    public enum Kind {
        CHAT, JUDGE, SHADOW;

        /** As the ledger stores it. */
        public String label() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /** True for an answer (plain or a stream that ended normally). */
    public boolean ok() {
        return status == 200;
    }

    /** The error's code ({@code upstream_timeout}, ...), or null. */
    public String errorCode() {
        return error == null ? null : error.code();
    }

    /** The answer's text, or null. */
    public String answerText() {
        return response == null || response.choices().isEmpty() || response.firstChoice().message() == null
                ? null : response.firstChoice().message().text();
    }

    public boolean cacheHit() {
        return cache.tier() == CacheTier.HIT_EXACT || cache.tier() == CacheTier.HIT_SEMANTIC;
    }

    /** An A/B variant: {@code alias} is the alias whose split assigned it. */
    public record AbVariant(String alias, String name) {
    }

    /** A fallback alias served the answer: {@code from} was routed, {@code to} answered, after {@code reason}. */
    public record Fallback(String from, String to, String reason) {
    }

    /** What the cache did for the request. */
    public enum CacheTier {
        /** The cache is off, or the request was refused before the cache looked. */
        NONE("none"), BYPASS("bypass"), MISS("miss"), HIT_EXACT("hit-exact"), HIT_SEMANTIC("hit-semantic");

        private final String label;

        CacheTier(String label) {
            this.label = label;
        }

        /** As in {@code x-reprise-cache}. */
        public String label() {
            return label;
        }
    }

    /**
     * @param similarity the best similarity of the semantic lookup (the served one on a semantic hit), or null
     * @param probability the verifier's probability on a hit it decided, or null
     * @param entry      the entry that served a hit, or null
     * @param coalesced  the answer was shared by an identical (or same-meaning) request in flight
     * @param judged     a semantic hit below the global bar that the judge's labels allowed (its saving is theirs)
     */
    public record CacheFacts(CacheTier tier, Float similarity, Float probability, String entry, boolean coalesced,
                             boolean judged) {

        public static final CacheFacts NONE = new CacheFacts(CacheTier.NONE, null, null, null, false);

        public CacheFacts {
            Objects.requireNonNull(tier, "tier");
        }

        /** Facts of a lookup the judge's evidence did not decide. */
        public CacheFacts(CacheTier tier, Float similarity, Float probability, String entry, boolean coalesced) {
            this(tier, similarity, probability, entry, coalesced, false);
        }
    }

    /**
     * What the guardrails found in the request and did about it.
     *
     * @param piiAction  {@code redact}, {@code block} or {@code log} when PII was found, else null
     * @param piiTypes   the kinds found (config names, sorted), never the values
     * @param piiCount   how many findings in all
     * @param injection  {@code block} or {@code flag} when the injection check fired, else null
     * @param injectionCategory the attack's kind ({@code override}, {@code roleplay}, {@code extract},
     *                   {@code encoded}) when the injection check fired, else null
     * @param noStore    the request must not reach the cache (PII was found and the policy keeps such prompts out);
     *                   a flagged injection may still be served a hit, but its answer is never stored
     */
    public record GuardrailFacts(String piiAction, List<String> piiTypes, int piiCount, String injection,
                                 String injectionCategory, boolean noStore) {

        public static final GuardrailFacts NONE = new GuardrailFacts(null, List.of(), 0, null, null, false);

        public GuardrailFacts {
            piiTypes = List.copyOf(piiTypes);
        }

        /** These facts with the injection check's action and the attack's kind. */
        public GuardrailFacts withInjection(String action, String category) {
            return new GuardrailFacts(piiAction, piiTypes, piiCount, action, category, noStore);
        }
    }

    /**
     * What links a shadow call to the client's request it copied.
     *
     * @param of               the request id of the client's request (the primary)
     * @param answerSimilarity the cosine of the two answers' embeddings, or null when either has no answer
     */
    public record ShadowFacts(String of, Float answerSimilarity) {

        public ShadowFacts {
            Objects.requireNonNull(of, "of");
        }
    }

    /** Where token counts came from. */
    public enum TokenSource {
        /** The provider reported them. */
        PROVIDER,
        /** No provider count: counted with the upstream model's own tokenizer (OpenAI's models). */
        COUNTED,
        /** No provider count and no known tokenizer: estimated from the text's length, about four characters a token. */
        ESTIMATED,
        /** Nothing was sent upstream by this request (a hit, a refusal, a coalesced follower). */
        NONE
    }

    public record Tokens(long input, long output, TokenSource source) {

        public static final Tokens NONE = new Tokens(0, 0, TokenSource.NONE);

        public boolean estimated() {
            return source == TokenSource.ESTIMATED;
        }
    }
}
