package dev.reprise.models.provider;

import dev.reprise.models.catalogue.Deployment;
import dev.reprise.models.wire.ChatCompletionRequest;
import dev.reprise.models.wire.ChatCompletionResponse;

/**
 * One deployment's upstream, in OpenAI terms. A provider only translates: retries, timeouts beyond
 * the client's own, metrics and caching live in the gateway. Implementations are thread-safe.
 */
public interface Provider extends AutoCloseable {

    /** The deployment this provider calls. */
    Deployment deployment();

    /**
     * A whole answer. The response's {@code model} is the upstream model that answered.
     *
     * @throws ProviderException typed by what the caller should do
     */
    ChatCompletionResponse chat(ChatCompletionRequest request);

    /** Starts a streamed answer; failures are reported to the listener, never thrown. */
    StreamHandle stream(ChatCompletionRequest request, StreamListener listener);

    @Override
    default void close() {
    }
}
