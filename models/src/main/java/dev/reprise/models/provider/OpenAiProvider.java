package dev.reprise.models.provider;

import dev.langchain4j.http.client.HttpClientBuilder;
import dev.langchain4j.model.chat.request.ChatRequestParameters;
import dev.langchain4j.model.openai.OpenAiChatModel;
import dev.langchain4j.model.openai.OpenAiChatRequestParameters;
import dev.langchain4j.model.openai.OpenAiStreamingChatModel;
import dev.reprise.models.catalogue.Deployment;
import dev.reprise.models.provider.internal.JsonSchemaTranslation;
import dev.reprise.models.provider.internal.LangChainProvider;
import dev.reprise.models.provider.internal.RequestTranslation;
import dev.reprise.models.wire.ChatCompletionRequest;

/**
 * Any OpenAI-compatible chat completions server: OpenAI itself, vLLM, Groq, LM Studio and the like.
 * The key is optional, since local servers take none.
 */
public final class OpenAiProvider extends LangChainProvider {

    public static final String DEFAULT_BASE_URL = "https://api.openai.com/v1";

    public OpenAiProvider(Deployment deployment) {
        super(deployment, OpenAiProvider::models);
    }

    private static Models models(Deployment d, HttpClientBuilder http) {
        return new Models(
                OpenAiChatModel.builder().httpClientBuilder(http).baseUrl(baseUrl(d, DEFAULT_BASE_URL))
                        .apiKey(apiKey(d)).modelName(d.upstreamModel()).timeout(d.timeout()).maxRetries(0).build(),
                OpenAiStreamingChatModel.builder().httpClientBuilder(http).baseUrl(baseUrl(d, DEFAULT_BASE_URL))
                        .apiKey(apiKey(d)).modelName(d.upstreamModel()).timeout(d.timeout()).build());
    }

    @Override
    protected ChatRequestParameters parameters(ChatCompletionRequest request) {
        OpenAiChatRequestParameters.Builder p = RequestTranslation.common(OpenAiChatRequestParameters.builder(), request,
                deployment().upstreamModel(), JsonSchemaTranslation.Style.EXACT);
        if (request.maxCompletionTokens() != null) {
            // Newer OpenAI models refuse max_tokens; send the cap under the name the client used.
            p.maxOutputTokens(null).maxCompletionTokens(request.maxCompletionTokens());
        }
        if (RequestTranslation.hasTools(request)) {
            p.parallelToolCalls(request.parallelToolCalls()); // OpenAI refuses it without tools
        }
        return p.seed(RequestTranslation.seed(request)).user(request.user()).build();
    }
}
