package dev.reprise.models.provider;

import dev.reprise.models.wire.ChatCompletionResponse;

/**
 * Receives a streamed answer. Exactly one of {@link #onComplete} and {@link #onError} is called,
 * once, after any number of {@link #onDelta} calls. Calls come from the provider's own thread.
 */
public interface StreamListener {

    void onDelta(StreamDelta delta);

    /** The whole answer, assembled, with its finish reason and usage: what the cache stores. */
    void onComplete(ChatCompletionResponse response);

    void onError(ProviderException error);
}
