package dev.reprise.bench.compare;

/**
 * What one request to one arm gave: one line of the arm's results file.
 *
 * @param arm          the arm's name
 * @param key          the request's key ({@link ComparePrompt#key()})
 * @param status       the HTTP status, or 0 when no answer came (refused connection, timeout)
 * @param error        what went wrong, or null for an answer
 * @param latencyMs    from sending to the whole answer
 * @param ttftMs       to the first piece of text (streamed requests only), or null
 * @param inputTokens  from the answer's usage, or null
 * @param outputTokens from the answer's usage, or null
 * @param costUsd      at the serving deployment's price, or null when unknown
 * @param answer       the answer's text (for an error, whatever came before it)
 * @param provider     {@code x-reprise-provider}
 * @param servedModel  {@code x-reprise-model}: the upstream model that answered
 * @param cache        {@code x-reprise-cache}: {@code bypass} when the cache was on and skipped
 * @param variant      {@code x-reprise-variant}
 * @param fallback     {@code x-reprise-fallback}, such as {@code a -> b}
 */
public record CallResult(String arm, String key, int status, String error, double latencyMs, Double ttftMs,
                         Long inputTokens, Long outputTokens, Double costUsd, String answer, String provider,
                         String servedModel, String cache, String variant, String fallback) {

    public boolean ok() {
        return error == null;
    }

    public CallResult withCost(Double cost) {
        return new CallResult(arm, key, status, error, latencyMs, ttftMs, inputTokens, outputTokens, cost, answer,
                provider, servedModel, cache, variant, fallback);
    }

    /** The same result marked failed, such as an answer from another variant than the arm's. */
    public CallResult failed(String why) {
        return new CallResult(arm, key, status, why, latencyMs, ttftMs, inputTokens, outputTokens, costUsd, answer,
                provider, servedModel, cache, variant, fallback);
    }
}
