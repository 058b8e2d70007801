package dev.reprise.models.provider;

import dev.langchain4j.http.client.HttpClientBuilder;
import dev.langchain4j.model.anthropic.AnthropicChatModel;
import dev.langchain4j.model.anthropic.AnthropicChatRequestParameters;
import dev.langchain4j.model.anthropic.AnthropicStreamingChatModel;
import dev.langchain4j.model.chat.request.ChatRequestParameters;
import dev.reprise.models.catalogue.Deployment;
import dev.reprise.models.provider.internal.JsonSchemaTranslation;
import dev.reprise.models.provider.internal.LangChainProvider;
import dev.reprise.models.provider.internal.RequestTranslation;
import dev.reprise.models.wire.ChatCompletionRequest;

/**
 * Anthropic's Messages API. Penalties, seed and schemaless JSON have no Anthropic equivalent and are
 * dropped rather than refused, so a request written for OpenAI still runs here as a fallback.
 */
public final class AnthropicProvider extends LangChainProvider {

    public static final String DEFAULT_BASE_URL = "https://api.anthropic.com/v1";
    /** Anthropic requires max_tokens; LangChain4j's own default of 1024 cuts ordinary answers short. */
    public static final int DEFAULT_MAX_TOKENS = 4096;

    public AnthropicProvider(Deployment deployment) {
        super(deployment, AnthropicProvider::models);
    }

    private static Models models(Deployment d, HttpClientBuilder http) {
        return new Models(
                AnthropicChatModel.builder().httpClientBuilder(http).baseUrl(baseUrl(d, DEFAULT_BASE_URL))
                        .apiKey(requiredApiKey(d)).modelName(d.upstreamModel()).maxTokens(DEFAULT_MAX_TOKENS)
                        .timeout(d.timeout()).maxRetries(0).build(),
                AnthropicStreamingChatModel.builder().httpClientBuilder(http).baseUrl(baseUrl(d, DEFAULT_BASE_URL))
                        .apiKey(requiredApiKey(d)).modelName(d.upstreamModel()).maxTokens(DEFAULT_MAX_TOKENS)
                        .timeout(d.timeout()).build());
    }

    @Override
    protected ChatRequestParameters parameters(ChatCompletionRequest request) {
        AnthropicChatRequestParameters.Builder p = RequestTranslation.common(AnthropicChatRequestParameters.builder(),
                request, deployment().upstreamModel(), JsonSchemaTranslation.Style.EXACT);
        p.presencePenalty(null).frequencyPenalty(null);
        if (RequestTranslation.asksForSchemalessJson(request)) {
            p.responseFormat((dev.langchain4j.model.chat.request.ResponseFormat) null);
        }
        if (RequestTranslation.hasTools(request) && request.parallelToolCalls() != null) {
            p.disableParallelToolUse(!request.parallelToolCalls());
        }
        return p.userId(request.user()).build();
    }
}
