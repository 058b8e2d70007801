package dev.reprise.gateway.ledger;

import dev.reprise.gateway.pipeline.SettledRequest;

import java.util.List;

/**
 * One row of the ledger, flattened from a {@link SettledRequest} on the request's thread so the queue holds
 * small values and the text is already gone when it is not to be stored.
 */
public record LedgerRow(
        long atMillis, String requestId, String tenant, String keyId, String requestedModel, String model,
        String route, String variant, String variantAlias, String provider, String deployment, String upstreamModel,
        int attempts, String fallbackFrom, String fallbackTo, String fallbackReason, String tier, Float similarity,
        Float verifierProbability, String cacheEntry, boolean coalesced, int status, String errorCode,
        double latencyMs, Double ttftMs, long inputTokens, long outputTokens, String tokenSource, double costUsd,
        double savedUsd, boolean stream, String prompt, String answer, String kind, boolean judged,
        Guardrail guardrail, String shadowOf, Float answerSimilarity) {

    public LedgerRow {
        java.util.Objects.requireNonNull(guardrail, "guardrail");
    }

    /** A row that shadows nothing. */
    public LedgerRow(
            long atMillis, String requestId, String tenant, String keyId, String requestedModel, String model,
            String route, String variant, String variantAlias, String provider, String deployment, String upstreamModel,
            int attempts, String fallbackFrom, String fallbackTo, String fallbackReason, String tier, Float similarity,
            Float verifierProbability, String cacheEntry, boolean coalesced, int status, String errorCode,
            double latencyMs, Double ttftMs, long inputTokens, long outputTokens, String tokenSource, double costUsd,
            double savedUsd, boolean stream, String prompt, String answer, String kind, boolean judged,
            Guardrail guardrail) {
        this(atMillis, requestId, tenant, keyId, requestedModel, model, route, variant, variantAlias, provider,
                deployment, upstreamModel, attempts, fallbackFrom, fallbackTo, fallbackReason, tier, similarity,
                verifierProbability, cacheEntry, coalesced, status, errorCode, latencyMs, ttftMs, inputTokens,
                outputTokens, tokenSource, costUsd, savedUsd, stream, prompt, answer, kind, judged, guardrail, null,
                null);
    }

    static LedgerRow of(SettledRequest r, boolean storeText) {
        SettledRequest.Fallback fb = r.fallback();
        SettledRequest.CacheFacts cache = r.cache();
        return new LedgerRow(r.at().toEpochMilli(), r.requestId(), r.tenant(), r.keyId(), r.requestedAlias(),
                r.alias(), r.route(), r.variant() == null ? null : r.variant().name(),
                r.variant() == null ? null : r.variant().alias(), r.provider(), r.deployment(), r.upstreamModel(),
                r.attempts(), fb == null ? null : fb.from(), fb == null ? null : fb.to(),
                fb == null ? null : fb.reason(), cache.tier().label(), cache.similarity(), cache.probability(),
                cache.entry(), cache.coalesced(), r.status(), r.errorCode(), r.latency().toNanos() / 1e6,
                r.timeToFirstToken() == null ? null : r.timeToFirstToken().toNanos() / 1e6,
                r.tokens().input(), r.tokens().output(), r.tokens().source().name().toLowerCase(java.util.Locale.ROOT),
                r.costUsd(), r.savedUsd(), r.streamed(), storeText ? r.prompt() : null,
                storeText ? r.answerText() : null, r.kind().label(), cache.judged(), Guardrail.of(r.guardrail()),
                r.shadow() == null ? null : r.shadow().of(), r.shadow() == null ? null : r.shadow().answerSimilarity());
    }

    /**
     * What the request guardrails found and did, as the ledger's guardrail columns hold it.
     *
     * @param piiAction         {@code redact}, {@code block} or {@code log} when PII was found, else null
     * @param piiTypes          the kinds found (config names), never the values
     * @param piiCount          how many findings in all
     * @param injection         {@code block} or {@code flag} when the injection check fired, else null
     * @param injectionCategory the attack's kind, when the check fired and named one, else null
     */
    public record Guardrail(String piiAction, List<String> piiTypes, int piiCount, String injection,
                            String injectionCategory) {

        public static final Guardrail NONE = new Guardrail(null, List.of(), 0, null, null);

        public Guardrail {
            piiTypes = List.copyOf(piiTypes);
        }

        static Guardrail of(SettledRequest.GuardrailFacts g) {
            return new Guardrail(g.piiAction(), g.piiTypes(), g.piiCount(), g.injection(), g.injectionCategory());
        }

        /** The kinds as the {@code pii_types} column holds them: comma-joined, or null for none. */
        String typesColumn() {
            return piiTypes.isEmpty() ? null : String.join(",", piiTypes);
        }

        static List<String> typesOf(String column) {
            return column == null || column.isEmpty() ? List.of() : List.of(column.split(","));
        }
    }
}
