package dev.reprise.gateway.judge;

import dev.reprise.gateway.upstream.FallbackChain;
import dev.reprise.gateway.upstream.ProviderPool;
import dev.reprise.models.catalogue.Deployment;
import dev.reprise.models.wire.ChatCompletionRequest;
import dev.reprise.models.wire.ChatCompletionResponse;
import dev.reprise.models.wire.ChatMessage;
import dev.reprise.models.wire.Usage;

import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.function.LongSupplier;

/**
 * The judge as a configured model alias: one non-streaming call at temperature 0 with a small token cap, through the
 * alias's deployments, keys, retries and breakers as any request to it would go.
 */
public final class AliasJudgeModel implements JudgeModel {

    /** {@code {"same_answer": false}} is about eight tokens; room for a stray space or newline, not for an essay. */
    static final int MAX_TOKENS = 20;

    private final String alias;
    private final FallbackChain chain;
    private final ProviderPool providers;
    private final LongSupplier ticker;

    public AliasJudgeModel(String alias, FallbackChain chain, ProviderPool providers, LongSupplier ticker) {
        this.alias = alias;
        this.chain = chain;
        this.providers = providers;
        this.ticker = ticker;
    }

    @Override
    public JudgeReply ask(String prompt) {
        ChatCompletionRequest base = ChatCompletionRequest.of(alias, List.of(ChatMessage.user(prompt)));
        ChatCompletionRequest request = new ChatCompletionRequest(alias, base.messages(), 0.0, null, MAX_TOKENS, null,
                null, null, null, null, null, null, null, null, null, null, false, null, null);
        FallbackChain.Served<ChatCompletionResponse> served = chain.run("judge-" + UUID.randomUUID(), alias,
                lease -> {
                    Deployment d = lease.deployment();
                    long start = ticker.getAsLong();
                    ChatCompletionResponse response = providers.get(d).chat(request.withModel(d.upstreamModel()));
                    lease.succeeded(Duration.ofNanos(ticker.getAsLong() - start));
                    return response;
                }, () -> Thread.currentThread().isInterrupted());
        served.lease().release();
        Deployment d = served.lease().deployment();
        ChatCompletionResponse response = served.value();
        Usage usage = response.usage();
        long in = usage == null ? 0 : usage.promptTokens();
        long out = usage == null ? 0 : usage.completionTokens();
        String text = response.choices() == null || response.choices().isEmpty()
                || response.firstChoice().message() == null ? null : response.firstChoice().message().text();
        return new JudgeReply(text, in, out, usage != null, d.price().cost(in, out), served.lease().state().id(),
                d.provider().configName(), d.upstreamModel(), served.attempts());
    }
}
