package dev.reprise.models.provider.internal;

import dev.langchain4j.http.client.HttpClientBuilder;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.StreamingChatModel;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.request.ChatRequestParameters;
import dev.reprise.models.catalogue.Deployment;
import dev.reprise.models.provider.Provider;
import dev.reprise.models.provider.StreamHandle;
import dev.reprise.models.provider.StreamListener;
import dev.reprise.models.wire.ChatCompletionRequest;
import dev.reprise.models.wire.ChatCompletionResponse;

import java.util.Objects;

/**
 * What every LangChain4j-backed provider shares: one {@link ChatModel} and one
 * {@link StreamingChatModel} built once over an {@link UpstreamHttpClient}, request and response
 * translation, and error mapping. A provider only builds its two models and says which request
 * parameters its upstream takes.
 */
public abstract class LangChainProvider implements Provider {

    /** The two models of one provider. */
    public record Models(ChatModel chat, StreamingChatModel streaming) {
    }

    /** Builds a provider's models; {@code http} must be passed to both builders, and retries set to 0. */
    @FunctionalInterface
    public interface ModelFactory {
        Models build(Deployment deployment, HttpClientBuilder http);
    }

    private final Deployment deployment;
    private final UpstreamHttpClient http;
    private final ErrorMapping errors;
    private final ChatModel chatModel;
    private final StreamingChatModel streamingModel;

    protected LangChainProvider(Deployment deployment, ModelFactory models) {
        this.deployment = Objects.requireNonNull(deployment, "deployment");
        this.http = new UpstreamHttpClient(deployment.connectTimeout(), deployment.timeout());
        this.errors = new ErrorMapping(deployment);
        Models built = models.build(deployment, http.asBuilder());
        this.chatModel = built.chat();
        this.streamingModel = built.streaming();
    }

    /** The per-request parameters, built with {@link RequestTranslation#common} plus the provider's own. */
    protected abstract ChatRequestParameters parameters(ChatCompletionRequest request);

    @Override
    public final Deployment deployment() {
        return deployment;
    }

    @Override
    public final ChatCompletionResponse chat(ChatCompletionRequest request) {
        try {
            ChatRequest chatRequest = RequestTranslation.chatRequest(request, parameters(request));
            return ResponseTranslation.toResponse(chatModel.chat(chatRequest), deployment,
                    i -> ResponseTranslation.newToolCallId());
        } catch (RuntimeException e) {
            throw errors.map(e);
        }
    }

    @Override
    public final StreamHandle stream(ChatCompletionRequest request, StreamListener listener) {
        StreamBridge bridge = new StreamBridge(deployment, errors, listener);
        try {
            ChatRequest chatRequest = RequestTranslation.chatRequest(request, parameters(request));
            bridge.call().run(() -> streamingModel.chat(chatRequest, bridge));
        } catch (RuntimeException e) {
            // Listeners hear from the provider's thread, never from inside stream() itself.
            Thread.ofVirtual().name("reprise-stream-failure").start(() -> bridge.onError(e));
        }
        return bridge::cancel;
    }

    @Override
    public void close() {
        http.close();
    }

    /** The deployment's base URL, or the provider's public one when none is configured. */
    protected static String baseUrl(Deployment deployment, String defaultUrl) {
        String url = deployment.baseUrl();
        return url == null || url.isBlank() ? defaultUrl : url;
    }

    /** The key to send, or null when the deployment has none (local servers). */
    protected static String apiKey(Deployment deployment) {
        return deployment.apiKey().isPresent() ? deployment.apiKey().reveal() : null;
    }

    /** The key to send, for upstreams that cannot work without one. */
    protected static String requiredApiKey(Deployment deployment) {
        if (!deployment.apiKey().isPresent()) {
            throw new IllegalArgumentException(deployment.provider().configName() + " deployment '"
                    + deployment.alias() + "' needs an api key");
        }
        return deployment.apiKey().reveal();
    }
}
