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
import dev.reprise.models.wire.ChatCompletionRequest;
import dev.reprise.models.wire.ChatCompletionResponse;
import dev.reprise.models.wire.ChatMessage;
import dev.reprise.models.wire.MessageContent;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The request guardrails of the routed alias, before the cache key: the prompt checks (injection) score the request
 * and may block or flag it; the PII guardrail blocks, redacts (and may restore the answer) or only counts. Whatever
 * it finds, the records keep the redacted prompt, and the cache keeps the request out or keys it on its redacted form.
 */
public final class GuardrailStage implements Stage {

    public static final String HEADER = "x-reprise-guardrail";
    private static final RequestContext.Key<Redaction> RESTORE = RequestContext.Key.of("guardrail.restore", Redaction.class);

    private final GuardrailSettings settings;
    private final PiiDetector detector;
    private final List<PromptCheck> checks;
    private final GuardrailMetrics metrics;

    /** {@code checks} score the prompt for injection (none yet: the injection guardrail then does nothing). */
    public GuardrailStage(GuardrailSettings settings, PiiDetector detector, List<PromptCheck> checks,
                          GuardrailMetrics metrics) {
        this.settings = settings;
        this.detector = detector;
        this.checks = List.copyOf(checks);
        this.metrics = metrics;
    }

    @Override
    public String name() {
        return "guardrail";
    }

    @Override
    public Optional<Outcome> before(RequestContext ctx) {
        GuardrailSettings.Policy policy = settings.policyFor(ctx.deployment().alias());
        GuardrailFacts facts = pii(ctx, policy.pii());
        String injection = injection(ctx, policy.injection());
        if (injection != null) {
            ctx.settling().guardrail(facts.withInjection(injection), null);
            if (policy.injection().action() == InjectionAction.BLOCK) {
                throw GatewayError.promptInjectionDetected().toException();
            }
            ctx.responseHeader(HEADER, "injection");
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
                noStore);
        ctx.settling().guardrail(facts, lastUserText(redacted));
        if (policy.action() == PiiAction.REDACT) {
            ctx.request(redacted);
            if (policy.restore()) {
                ctx.attribute(RESTORE, redaction);
            }
        }
        return facts;
    }

    /** The action's name when a check scores at or above the threshold, else null. */
    private String injection(RequestContext ctx, InjectionPolicy policy) {
        if (policy.action() == InjectionAction.OFF || checks.isEmpty()) {
            return null;
        }
        for (PromptCheck check : checks) {
            if (check.score(ctx.request()) >= policy.threshold()) {
                metrics.findings("injection", policy.action(), 1);
                return policy.action().name().toLowerCase(Locale.ROOT);
            }
        }
        return null;
    }

    /**
     * A plain answer to a redacted request gets its values back when the alias asks for it. A stream is sent as the
     * provider wrote it: a placeholder may be split across chunks, so restoring would mean holding chunks back.
     */
    @Override
    public Outcome reply(RequestContext ctx, Outcome outcome) {
        Optional<Redaction> redaction = ctx.attribute(RESTORE);
        if (redaction.isEmpty() || !(outcome instanceof Outcome.Answered answered)) {
            return outcome;
        }
        ChatCompletionResponse r = answered.response();
        List<ChatCompletionResponse.Choice> choices = r.choices().stream().map(c -> c.message() == null
                || c.message().content() == null || c.message().content().text() == null ? c
                : new ChatCompletionResponse.Choice(c.index(), new ChatMessage(c.message().role(),
                MessageContent.of(redaction.get().restore(c.message().content().text())), c.message().name(),
                c.message().toolCalls(), c.message().toolCallId(), c.message().refusal()), c.finishReason())).toList();
        return new Outcome.Answered(new ChatCompletionResponse(r.id(), r.object(), r.created(), r.model(), choices,
                r.usage(), r.systemFingerprint()));
    }

    private static String lastUserText(ChatCompletionRequest request) {
        return request.messages().isEmpty() ? null : request.messages().getLast().text();
    }
}
