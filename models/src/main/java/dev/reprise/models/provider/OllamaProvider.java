package dev.reprise.models.provider;

import dev.langchain4j.http.client.HttpClientBuilder;
import dev.langchain4j.model.chat.request.ChatRequestParameters;
import dev.langchain4j.model.ollama.OllamaChatModel;
import dev.langchain4j.model.ollama.OllamaChatRequestParameters;
import dev.langchain4j.model.ollama.OllamaStreamingChatModel;
import dev.reprise.models.catalogue.Deployment;
import dev.reprise.models.provider.internal.JsonSchemaTranslation;
import dev.reprise.models.provider.internal.LangChainProvider;
import dev.reprise.models.provider.internal.RequestTranslation;
import dev.reprise.models.wire.ChatCompletionRequest;

import java.util.List;

/**
 * Ollama's native {@code /api/chat}. Ollama has no penalties and no tool_choice: penalties are
 * dropped, {@code none} sends no tools, and {@code required} can only offer the tools.
 */
public final class OllamaProvider extends LangChainProvider {

    public static final String DEFAULT_BASE_URL = "http://localhost:11434";

    public OllamaProvider(Deployment deployment) {
        super(deployment, OllamaProvider::models);
    }

    private static Models models(Deployment d, HttpClientBuilder http) {
        return new Models(
                OllamaChatModel.builder().httpClientBuilder(http).baseUrl(baseUrl(d, DEFAULT_BASE_URL))
                        .modelName(d.upstreamModel()).timeout(d.timeout()).maxRetries(0).build(),
                OllamaStreamingChatModel.builder().httpClientBuilder(http).baseUrl(baseUrl(d, DEFAULT_BASE_URL))
                        .modelName(d.upstreamModel()).timeout(d.timeout()).build());
    }

    @Override
    protected ChatRequestParameters parameters(ChatCompletionRequest request) {
        RequestTranslation.requireInlineImages(request); // the module would fetch web URLs itself
        RequestTranslation.requireJsonObjectToolArguments(request); // the module parses them into an object
        OllamaChatRequestParameters.Builder p = RequestTranslation.common(OllamaChatRequestParameters.builder(), request,
                deployment().upstreamModel(), JsonSchemaTranslation.Style.EXACT);
        p.presencePenalty(null).frequencyPenalty(null).seed(RequestTranslation.seed(request));
        if (request.toolChoice() != null && "none".equals(request.toolChoice().asText())) {
            p.toolSpecifications(List.of());
        }
        // Ollama always decides for itself (LangChain4j refuses any other choice): say nothing.
        return p.toolChoice(null).build();
    }
}
