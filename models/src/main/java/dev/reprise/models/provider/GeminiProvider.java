package dev.reprise.models.provider;

import dev.langchain4j.http.client.HttpClientBuilder;
import dev.langchain4j.model.chat.request.ChatRequestParameters;
import dev.langchain4j.model.googleai.GoogleAiGeminiChatModel;
import dev.langchain4j.model.googleai.GoogleAiGeminiChatRequestParameters;
import dev.langchain4j.model.googleai.GoogleAiGeminiStreamingChatModel;
import dev.reprise.models.catalogue.Deployment;
import dev.reprise.models.provider.internal.JsonSchemaTranslation;
import dev.reprise.models.provider.internal.LangChainProvider;
import dev.reprise.models.provider.internal.RequestTranslation;
import dev.reprise.models.wire.ChatCompletionRequest;

/** Google's Gemini API ({@code generateContent}, streamed over {@code streamGenerateContent?alt=sse}). */
public final class GeminiProvider extends LangChainProvider {

    public static final String DEFAULT_BASE_URL = "https://generativelanguage.googleapis.com/v1beta";

    public GeminiProvider(Deployment deployment) {
        super(deployment, GeminiProvider::models);
    }

    private static Models models(Deployment d, HttpClientBuilder http) {
        return new Models(
                GoogleAiGeminiChatModel.builder().httpClientBuilder(http).baseUrl(baseUrl(d, DEFAULT_BASE_URL))
                        .apiKey(requiredApiKey(d)).modelName(d.upstreamModel()).timeout(d.timeout()).maxRetries(0)
                        .build(),
                GoogleAiGeminiStreamingChatModel.builder().httpClientBuilder(http).baseUrl(baseUrl(d, DEFAULT_BASE_URL))
                        .apiKey(requiredApiKey(d)).modelName(d.upstreamModel()).timeout(d.timeout()).build());
    }

    @Override
    protected ChatRequestParameters parameters(ChatCompletionRequest request) {
        RequestTranslation.requireInlineImages(request); // the module would fetch web URLs itself
        RequestTranslation.requireJsonObjectToolArguments(request); // the module parses them into an object
        // LangChain4j takes Gemini's seed only when the model is built, not per request: it is dropped.
        return RequestTranslation.common(GoogleAiGeminiChatRequestParameters.builder(), request,
                deployment().upstreamModel(), JsonSchemaTranslation.Style.TYPED).build();
    }
}
