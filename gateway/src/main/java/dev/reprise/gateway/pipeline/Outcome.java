package dev.reprise.gateway.pipeline;

import dev.reprise.gateway.error.GatewayError;
import dev.reprise.gateway.stream.LiveStream;
import dev.reprise.models.wire.ChatCompletionResponse;

/**
 * How a request ended inside the pipeline: a whole answer (from a provider or, later, the cache), a
 * live stream still running, or a refusal. The HTTP side turns each into a response; a whole answer to
 * a {@code stream: true} request is replayed as SSE chunks.
 */
public sealed interface Outcome {

    /** A complete answer. */
    record Answered(ChatCompletionResponse response) implements Outcome {
    }

    /**
     * A stream in flight. Its {@link LiveStream#completion()} completes with the assembled answer on a
     * normal end, and fails on an upstream error or a client disconnect.
     */
    record Streaming(LiveStream stream) implements Outcome {
    }

    /** An error answer: a bad request, a refused caller, an unknown model, an upstream failure. */
    record Refused(GatewayError error) implements Outcome {
    }
}
