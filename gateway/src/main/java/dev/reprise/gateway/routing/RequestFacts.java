package dev.reprise.gateway.routing;

import dev.reprise.models.catalogue.TokenEstimate;
import dev.reprise.models.wire.ChatCompletionRequest;

import java.util.Optional;
import java.util.function.Function;

/**
 * What route rules may look at: the task type (header {@code x-reprise-task-type}, else
 * {@code metadata.task_type}), the request's headers, the alias it asked for, and its estimated prompt
 * tokens (computed only when a rule asks).
 */
public final class RequestFacts {

    public static final String TASK_TYPE_HEADER = "x-reprise-task-type";
    public static final String TASK_TYPE_METADATA = "task_type";

    private final ChatCompletionRequest request;
    private final Function<String, Optional<String>> headers;
    private long tokens = -1;

    public RequestFacts(ChatCompletionRequest request, Function<String, Optional<String>> headers) {
        this.request = request;
        this.headers = headers;
    }

    public String taskType() {
        Optional<String> header = headers.apply(TASK_TYPE_HEADER).map(String::strip).filter(s -> !s.isEmpty());
        if (header.isPresent()) {
            return header.get();
        }
        return request.metadata() == null ? null : request.metadata().get(TASK_TYPE_METADATA);
    }

    public Optional<String> header(String name) {
        return headers.apply(name);
    }

    public String requestedAlias() {
        return request.model();
    }

    public long estimatedTokens() {
        if (tokens < 0) {
            tokens = TokenEstimate.ofMessages(request.messages());
        }
        return tokens;
    }
}
