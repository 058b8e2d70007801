package dev.reprise.gateway.shadow;

import dev.reprise.gateway.pipeline.SettledRequest;
import dev.reprise.gateway.pipeline.Settling;
import dev.reprise.gateway.upstream.FallbackChain;
import dev.reprise.gateway.upstream.ProviderPool;
import dev.reprise.models.catalogue.Deployment;
import dev.reprise.models.wire.ChatCompletionRequest;
import dev.reprise.models.wire.ChatCompletionResponse;

import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * Sends a copy of a request to a candidate alias: one plain (non-streaming) call through the candidate's deployments,
 * keys, retries, breakers and fallbacks, as a client's request to it would go, never through the cache.
 */
final class ShadowCaller {

    /** What the candidate answered, and who answered it. */
    record Reply(ChatCompletionResponse response, String deployment, String provider, String upstreamModel,
                 int attempts, SettledRequest.Fallback fallback, SettledRequest.Tokens tokens, double costUsd) {
    }

    private final FallbackChain chain;
    private final ProviderPool providers;
    private final LongSupplier ticker;

    ShadowCaller(FallbackChain chain, ProviderPool providers, LongSupplier ticker) {
        this.chain = chain;
        this.providers = providers;
        this.ticker = ticker;
    }

    /**
     * @param request the request as the primary's provider got it (after routing and redaction)
     * @throws dev.reprise.models.provider.ProviderException when every attempt failed
     */
    Reply call(String shadowId, String candidate, ChatCompletionRequest request) {
        ChatCompletionRequest plain = plain(request.withModel(candidate));
        FallbackChain.Served<ChatCompletionResponse> served = chain.run(shadowId, candidate, lease -> {
            Deployment d = lease.deployment();
            long start = ticker.getAsLong();
            ChatCompletionResponse response = providers.get(d).chat(plain.withModel(d.upstreamModel()));
            lease.succeeded(Duration.ofNanos(ticker.getAsLong() - start));
            return response;
        }, () -> Thread.currentThread().isInterrupted());
        served.lease().release();
        Deployment d = served.lease().deployment();
        SettledRequest.Tokens tokens = Settling.tokens(plain, served.value(), d.upstreamModel());
        return new Reply(served.value(), served.lease().state().id(), d.provider().configName(), d.upstreamModel(),
                served.attempts(), served.byFallback()
                ? new SettledRequest.Fallback(served.fallbackFrom(), served.alias(), served.fallbackReason()) : null,
                tokens, d.price().cost(tokens.input(), tokens.output()));
    }

    /** The request without streaming: a shadow's answer is read whole, whether or not the client streamed. */
    private static ChatCompletionRequest plain(ChatCompletionRequest r) {
        return new ChatCompletionRequest(r.model(), r.messages(), r.temperature(), r.topP(), r.maxTokens(),
                r.maxCompletionTokens(), r.stop(), r.seed(), r.presencePenalty(), r.frequencyPenalty(),
                r.responseFormat(), r.tools(), r.toolChoice(), r.parallelToolCalls(), r.user(), r.n(), false, null,
                r.metadata());
    }
}
