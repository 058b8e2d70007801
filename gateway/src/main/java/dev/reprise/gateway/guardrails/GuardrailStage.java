package dev.reprise.gateway.guardrails;

import dev.reprise.gateway.error.GatewayError;
import dev.reprise.gateway.guardrails.GuardrailSettings.InjectionAction;
import dev.reprise.gateway.guardrails.GuardrailSettings.InjectionPolicy;
import dev.reprise.gateway.guardrails.GuardrailSettings.PiiAction;
import dev.reprise.gateway.guardrails.GuardrailSettings.PiiPolicy;
import dev.reprise.gateway.pipeline.Outcome;
import dev.reprise.gateway.pipeline.RequestContext;
import dev.reprise.gateway.pipeline.SettledRequest.GuardrailFacts;
import dev.reprise.gateway.pipeline.Stage;
import dev.reprise.gateway.stream.LiveStream;
import dev.reprise.models.wire.ChatCompletionRequest;
import dev.reprise.models.wire.ChatCompletionResponse;
import dev.reprise.models.wire.ChatMessage;
import dev.reprise.models.wire.MessageContent;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * The request guardrails of the routed alias, before the cache key: the PII guardrail blocks, redacts (and may
 * restore the answer) or only counts, and may redact answers too ({@code scan-answers}), streamed ones as they
 * arrive; the injection check's cheap screen may block or flag the prompt. Whatever it finds, the records keep the
 * redacted prompt, and the cache keeps the request out or keys it on its redacted form. The injection check's whole
 * inspection, which embeds the prompt, is a stage of its own ({@link #inspection()}), placed after the exact cache
 * tier: an exact hit is never embedded, and a flagged prompt's answer is never stored, so an exact hit is always a
 * prompt that passed.
 */
public final class GuardrailStage implements Stage {

    public static final String HEADER = "x-reprise-guardrail";
    /** The policy of the alias the request was routed to, kept so that a fallback alias's answer is treated the same. */
    private static final RequestContext.Key<GuardrailSettings.Policy> POLICY =
            RequestContext.Key.of("guardrail.policy", GuardrailSettings.Policy.class);
    private static final RequestContext.Key<Redaction> REDACTION = RequestContext.Key.of("guardrail.redaction", Redaction.class);
    /** A stream's restore, with the request's placeholders as they were before the answer's were added. */
    private static final RequestContext.Key<StreamRestorer> RESTORER =
            RequestContext.Key.of("guardrail.restorer", StreamRestorer.class);

    private final GuardrailSettings settings;
    private final PiiDetector detector;
    private final PromptCheck injection;
    private final GuardrailMetrics metrics;

    /** {@code injection} scores the prompt for injection; null when no alias turns the injection guardrail on. */
    public GuardrailStage(GuardrailSettings settings, PiiDetector detector, PromptCheck injection,
                          GuardrailMetrics metrics) {
        this.settings = settings;
        this.detector = detector;
        this.injection = injection;
        this.metrics = metrics;
    }

    /**
     * The injection check's whole inspection (it may embed the prompt), as a stage to place after the exact cache
     * tier, or right after this stage when the cache is off; null when there is no injection check.
     */
    public Stage inspection() {
        return injection == null ? null : new Inspection();
    }

    @Override
    public String name() {
        return "guardrail";
    }

    @Override
    public Optional<Outcome> before(RequestContext ctx) {
        GuardrailSettings.Policy policy = settings.policyFor(ctx.deployment().alias());
        ctx.attribute(POLICY, policy);
        GuardrailFacts facts = pii(ctx, policy.pii());
        if (injectionOn(policy.injection())) {
            act(ctx, policy.injection(), metrics.screen(() -> injection.screen(ctx.request())));
        }
        if (facts.piiAction() != null && policy.pii().action() == PiiAction.BLOCK) {
            throw GatewayError.piiDetected(facts.piiTypes()).toException();
        }
        return Optional.empty();
    }

    /** The PII guardrail: redacts the request when asked; the facts, with the redacted prompt, go to the record. */
    private GuardrailFacts pii(RequestContext ctx, PiiPolicy policy) {
        if (!policy.on()) {
            return GuardrailFacts.NONE;
        }
        Redaction redaction = new Redaction(detector, policy.types());
        ChatCompletionRequest redacted = redaction.redact(ctx.request());
        if (policy.action() == PiiAction.REDACT) {
            // Kept even without findings: a scanned answer numbers its own values after the request's.
            ctx.attribute(REDACTION, redaction);
        }
        if (!redaction.found()) {
            return GuardrailFacts.NONE;
        }
        redaction.findings().forEach((type, n) -> metrics.findings(type.configName(), policy.action(), n));
        List<String> types = redaction.findings().keySet().stream().map(PiiType::configName).sorted().toList();
        int count = redaction.findings().values().stream().mapToInt(Integer::intValue).sum();
        // Only a redacted request may be cached, and only on its redacted form when asked: a logged one goes upstream
        // (and would be keyed) in clear.
        boolean noStore = policy.action() != PiiAction.REDACT || policy.cache() == GuardrailSettings.CacheMode.SKIP;
        GuardrailFacts facts = new GuardrailFacts(policy.action().name().toLowerCase(Locale.ROOT), types, count, null,
                null, noStore);
        ctx.settling().guardrail(facts, lastUserText(redacted));
        if (policy.action() == PiiAction.REDACT) {
            ctx.request(redacted);
        }
        return facts;
    }

    /**
     * What the inspection would do for this request: empty when it would not run (no injection check for the alias,
     * or the screen already flagged the prompt), else the action a finding takes. The overload control reads it to
     * decide whether an inspection may be skipped under load.
     */
    public Optional<InjectionAction> pendingInspection(RequestContext ctx) {
        InjectionPolicy policy = policy(ctx).injection();
        return injectionOn(policy) && ctx.settling().guardrail().injection() == null
                ? Optional.of(policy.action()) : Optional.empty();
    }

    private boolean injectionOn(InjectionPolicy policy) {
        return injection != null && policy.action() != InjectionAction.OFF;
    }

    /** Flags or blocks the request when {@code finding} reaches the alias's threshold. */
    private void act(RequestContext ctx, InjectionPolicy policy, PromptCheck.Finding finding) {
        if (finding.score() < policy.threshold()) {
            return;
        }
        metrics.findings("injection", policy.action(), 1);
        ctx.settling().guardrail(ctx.settling().guardrail()
                .withInjection(policy.action().name().toLowerCase(Locale.ROOT), finding.category()), null);
        if (policy.action() == InjectionAction.BLOCK) {
            throw GatewayError.promptInjectionDetected().toException();
        }
        ctx.responseHeader(HEADER, "injection");
    }

    /** The injection check's whole inspection, for a prompt the screen let through and the exact tier did not answer. */
    private final class Inspection implements Stage {

        @Override
        public String name() {
            return "guardrail-injection";
        }

        @Override
        public Optional<Outcome> before(RequestContext ctx) {
            InjectionPolicy policy = policy(ctx).injection();
            if (injectionOn(policy) && ctx.settling().guardrail().injection() == null) {
                act(ctx, policy, metrics.inspect(() -> injection.inspect(ctx.request())));
            }
            return Optional.empty();
        }
    }

    /**
     * An answer to a redacted request gets its values back for the client when the alias asks for it: a plain one at
     * once, a stream as it goes (only a possible placeholder's start is held back, see {@link StreamRestorer}).
     */
    @Override
    public Outcome reply(RequestContext ctx, Outcome outcome) {
        Optional<Redaction> redaction = ctx.attribute(REDACTION);
        if (redaction.isEmpty() || !policy(ctx).pii().restore()) {
            return outcome;
        }
        return switch (outcome) {
            case Outcome.Answered answered -> new Outcome.Answered(mapText(answered.response(), redaction.get()::restore));
            case Outcome.Streaming streaming -> ctx.attribute(RESTORER)
                    .<Outcome>map(r -> new Outcome.Streaming(streaming.stream().mapText(r))).orElse(outcome);
            case Outcome.Refused refused -> refused;
        };
    }

    /**
     * With {@code scan-answers}, an answer (a fresh one, a hit, or a stream as it arrives) is redacted before it
     * settles, so the cache, the records and the client all get the redacted text; under {@code redact} the request's
     * own values may still be restored for the client. A stream holds back only the end that may still be a value
     * (see {@link StreamRedactor}).
     */
    @Override
    public Outcome answer(RequestContext ctx, Outcome outcome) {
        PiiPolicy pii = policy(ctx).pii();
        if (outcome instanceof Outcome.Streaming && pii.restore()) {
            // Taken here, before the stream's own thread may add the answer's values to the redaction.
            ctx.attribute(REDACTION).map(Redaction::restorable).filter(values -> !values.isEmpty())
                    .ifPresent(values -> ctx.attribute(RESTORER, new StreamRestorer(values)));
        }
        if (!pii.scanAnswers() || !pii.on()) {
            return outcome;
        }
        Redaction redaction = ctx.attribute(REDACTION).orElseGet(() -> new Redaction(detector, pii.types()));
        return switch (outcome) {
            case Outcome.Answered answered -> {
                Outcome.Answered scanned = new Outcome.Answered(mapText(answered.response(), redaction::redactAnswer));
                countAnswerFindings(redaction);
                yield scanned;
            }
            case Outcome.Streaming streaming -> {
                LiveStream redacted = streaming.stream().mapText(new StreamRedactor(detector, redaction));
                // On the stream's thread once it has ended, when the redaction is done.
                redacted.completion().thenRun(() -> countAnswerFindings(redaction));
                yield new Outcome.Streaming(redacted);
            }
            case Outcome.Refused refused -> refused;
        };
    }

    private void countAnswerFindings(Redaction redaction) {
        redaction.answerFindings().forEach((type, n) -> metrics.findings(type.configName(), "answer_redact", n));
    }

    private GuardrailSettings.Policy policy(RequestContext ctx) {
        return ctx.attribute(POLICY).orElseGet(() -> settings.policyFor(null));
    }

    private static ChatCompletionResponse mapText(ChatCompletionResponse r, UnaryOperator<String> f) {
        List<ChatCompletionResponse.Choice> choices = r.choices().stream().map(c -> c.message() == null
                || c.message().content() == null || c.message().content().text() == null ? c
                : new ChatCompletionResponse.Choice(c.index(), new ChatMessage(c.message().role(),
                MessageContent.of(f.apply(c.message().content().text())), c.message().name(),
                c.message().toolCalls(), c.message().toolCallId(), c.message().refusal()), c.finishReason())).toList();
        return new ChatCompletionResponse(r.id(), r.object(), r.created(), r.model(), choices, r.usage(),
                r.systemFingerprint());
    }

    private static String lastUserText(ChatCompletionRequest request) {
        return request.messages().isEmpty() ? null : request.messages().getLast().text();
    }
}
