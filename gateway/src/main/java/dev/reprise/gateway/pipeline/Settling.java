package dev.reprise.gateway.pipeline;

import dev.reprise.gateway.error.GatewayError;
import dev.reprise.models.catalogue.Price;
import dev.reprise.models.tokens.TokenCounter;
import dev.reprise.models.wire.ChatCompletionRequest;
import dev.reprise.models.wire.ChatCompletionResponse;
import dev.reprise.models.wire.ChatMessage;
import dev.reprise.models.wire.Usage;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * What stages learn about a request on its way, written as they learn it and read once when the request settles
 * into its {@link SettledRequest}. Stages write here instead of reading each other's context keys. Thread-safe: a
 * stream's thread records who served it and its first token.
 */
public final class Settling {

    /** Characters per token for an estimate when the provider sent no usage: a rough average for English. */
    static final int CHARS_PER_TOKEN = 4;

    private Instant arrivedAt;
    private String requestedAlias;
    private String route;
    private SettledRequest.AbVariant variant;
    private String deployment;
    private Price price;
    private int attempts;
    private SettledRequest.Fallback fallback;
    private SettledRequest.CacheFacts cache = SettledRequest.CacheFacts.NONE;
    private double savedUsd;
    private long firstTokenNanos = -1;
    private SettledRequest.GuardrailFacts guardrail = SettledRequest.GuardrailFacts.NONE;
    private String storedPrompt;

    synchronized void arrived(Instant at) {
        this.arrivedAt = at;
    }

    /** The model the client named, before routing; cut so a huge name cannot bloat logs. */
    public synchronized void requestedAlias(String model) {
        this.requestedAlias = model == null || model.length() <= SettledRequest.MAX_ECHO
                ? model : model.substring(0, SettledRequest.MAX_ECHO);
    }

    /** The model the client named, before routing (null until the model is resolved). */
    public synchronized String requestedAlias() {
        return requestedAlias;
    }

    /** The route rule that matched and the A/B variant, each or both null. */
    public synchronized void route(String rule, SettledRequest.AbVariant abVariant) {
        this.route = rule;
        this.variant = abVariant;
    }

    /** The deployment that answered, at which price its tokens are costed, after how many attempts in all. */
    public synchronized void served(String deploymentId, Price deploymentPrice, int attemptCount,
                                    SettledRequest.Fallback fellBack) {
        this.deployment = deploymentId;
        this.price = deploymentPrice;
        this.attempts = attemptCount;
        this.fallback = fellBack;
    }

    /** Attempts made when none answered. */
    public synchronized void attempts(int attemptCount) {
        this.attempts = attemptCount;
    }

    /** What the cache did; {@code saved} is what a hit (or a shared answer) did not spend upstream. */
    public synchronized void cache(SettledRequest.CacheFacts facts, double saved) {
        this.cache = facts;
        this.savedUsd = saved;
    }

    public synchronized SettledRequest.CacheFacts cache() {
        return cache;
    }

    /**
     * What the guardrails found and did; {@code prompt}, when not null, is the last user message as records may keep
     * it (redacted), in place of the one in the request.
     */
    public synchronized void guardrail(SettledRequest.GuardrailFacts facts, String prompt) {
        this.guardrail = facts;
        if (prompt != null) {
            this.storedPrompt = prompt;
        }
    }

    public synchronized SettledRequest.GuardrailFacts guardrail() {
        return guardrail;
    }

    /** The first streamed token arrived from upstream (the first one only counts). */
    public synchronized void firstToken(long nanos) {
        if (firstTokenNanos < 0) {
            firstTokenNanos = nanos;
        }
    }

    /**
     * The record, once the outcome is final.
     *
     * @param error    the refusal or the stream's failure, or null
     * @param answer   the answer, or null for a refusal or a failed stream
     * @param endNanos when the answer was complete (or failed), on the pipeline's ticker
     */
    synchronized SettledRequest settle(RequestContext ctx, int status, GatewayError error, ChatCompletionResponse answer,
                                       long endNanos) {
        ServedBy served = ctx.servedBy().orElse(null);
        var d = ctx.deployment();
        String provider = served != null ? served.provider() : d == null ? null : d.provider().configName();
        boolean upstreamCall = answer != null && deployment != null && !cache.coalesced();
        SettledRequest.Tokens tokens = upstreamCall
                ? tokens(ctx.request(), answer, served == null ? null : served.model()) : SettledRequest.Tokens.NONE;
        double cost = upstreamCall && price != null ? price.cost(tokens.input(), tokens.output()) : 0;
        String prompt = storedPrompt != null ? storedPrompt : lastUserText(ctx.request());
        return new SettledRequest(ctx.requestId(), arrivedAt, tenant(ctx), keyId(ctx), requestedAlias,
                d == null ? null : d.alias(), route, variant,
                served == null ? null : deployment != null ? deployment : served.provider(),
                provider, served == null ? null : served.model(), attempts, fallback, cache, status, error,
                Duration.ofNanos(endNanos - ctx.startNanos()),
                firstTokenNanos < 0 ? null : Duration.ofNanos(firstTokenNanos - ctx.startNanos()),
                tokens, cost, savedUsd, ctx.streaming(), prompt, answer, SettledRequest.Kind.CHAT, guardrail);
    }

    private static String tenant(RequestContext ctx) {
        return ctx.caller() == null ? null : ctx.caller().tenant();
    }

    private static String keyId(RequestContext ctx) {
        return ctx.caller() == null ? null : ctx.caller().keyId();
    }

    /**
     * The provider's counts when it sent them, else counted with the upstream model's tokenizer when one is known,
     * else an estimate from the texts' length; marked accordingly.
     */
    public static SettledRequest.Tokens tokens(ChatCompletionRequest request, ChatCompletionResponse answer,
                                        String upstreamModel) {
        Usage usage = answer.usage();
        if (usage != null) {
            return new SettledRequest.Tokens(usage.promptTokens(), usage.completionTokens(),
                    SettledRequest.TokenSource.PROVIDER);
        }
        String out = answerText(answer);
        Optional<TokenCounter> counter = TokenCounter.forModel(upstreamModel);
        if (counter.isPresent() && request != null) {
            return new SettledRequest.Tokens(counter.get().count(request), counter.get().count(out),
                    SettledRequest.TokenSource.COUNTED);
        }
        long inputChars = 0;
        if (request != null) {
            for (ChatMessage m : request.messages()) {
                String text = m.text();
                inputChars += text == null ? 0 : text.length();
            }
        }
        return new SettledRequest.Tokens(estimate(inputChars), estimate(out == null ? 0 : out.length()),
                SettledRequest.TokenSource.ESTIMATED);
    }

    private static long estimate(long chars) {
        return (chars + CHARS_PER_TOKEN - 1) / CHARS_PER_TOKEN;
    }

    private static String lastUserText(ChatCompletionRequest request) {
        return request == null || request.messages().isEmpty() ? null : request.messages().getLast().text();
    }

    private static String answerText(ChatCompletionResponse answer) {
        return answer.choices().isEmpty() || answer.firstChoice().message() == null
                ? null : answer.firstChoice().message().text();
    }
}
