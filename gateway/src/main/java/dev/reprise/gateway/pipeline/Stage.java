package dev.reprise.gateway.pipeline;

import java.util.Optional;

/**
 * One step of the request path. {@link #before} runs on the way in, in pipeline order, and may answer
 * early (a refusal, a cache hit), which skips the later stages. {@link #after} runs on the way out, in
 * reverse order, for every stage whose {@code before} ran, including the one that answered or threw.
 *
 * <p>Contract:
 * <ul>
 * <li>{@code before} returns {@code Optional.empty()} to continue, or an {@link Outcome} to stop here.
 *     It may throw {@link dev.reprise.gateway.error.GatewayException} (answered as its error),
 *     {@link dev.reprise.models.provider.ProviderException} (answered as the mapped upstream error), or
 *     anything else (logged, answered as a 500 without details).</li>
 * <li>{@code after} sees the final outcome. It must not block on a {@link Outcome.Streaming} outcome's
 *     stream; it attaches to {@code stream().completion()} instead, which completes with the assembled
 *     answer only when the stream ends normally. Exceptions from {@code after} are logged and ignored.</li>
 * <li>{@code answer} may replace the outcome before any {@code after} runs, in the same reverse order: what
 *     the later steps see, the records keep, the cache stores and the client gets (an answer guardrail).</li>
 * <li>{@code reply} may replace what the client is sent (not what settles: the records keep the pipeline's own
 *     outcome), in the same reverse order, after every {@code after}; a guardrail puts redacted values back there.</li>
 * <li>{@code onSettled} runs once the outcome is final (at once for an answer or a refusal, when a stream
 *     ends), in the same reverse order, with the request's {@link SettledRequest}: a stage that acts on how
 *     the request ended (store the answer, share it, log it) does it there, for plain and streamed answers
 *     alike, instead of switching over the outcome itself.</li>
 * <li>Stages record what they learn for that record in {@link RequestContext#settling()}, and share other
 *     state through {@link RequestContext}; a stage is shared by all requests, so it keeps per-request
 *     state only there.</li>
 * </ul>
 */
public interface Stage {

    /** A short name for logs, e.g. {@code parse}. */
    String name();

    Optional<Outcome> before(RequestContext ctx);

    default void after(RequestContext ctx, Outcome outcome) {
    }

    /** The outcome that settles instead of {@code outcome}; by default {@code outcome} itself. */
    default Outcome answer(RequestContext ctx, Outcome outcome) {
        return outcome;
    }

    /** What the client gets instead of {@code outcome}; by default {@code outcome} itself. */
    default Outcome reply(RequestContext ctx, Outcome outcome) {
        return outcome;
    }

    default void onSettled(RequestContext ctx, SettledRequest settled) {
    }
}
