package dev.reprise.gateway.pipeline;

import dev.reprise.gateway.auth.Caller;
import dev.reprise.models.catalogue.Deployment;
import dev.reprise.models.wire.ChatCompletionRequest;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * One request's state as it moves through the pipeline. Fields are filled in stage order (caller, then
 * the parsed request, then the deployment); later stages add their own state as typed attributes, so
 * this class does not grow a field per feature. Not thread-safe except for attributes, response headers,
 * the deployment and what served the answer, which a stream's thread may set.
 */
public final class RequestContext {

    /** A typed attribute key; compare by identity, so declare each one as a constant. */
    public static final class Key<T> {
        private final String name;
        private final Class<T> type;

        private Key(String name, Class<T> type) {
            this.name = name;
            this.type = type;
        }

        public static <T> Key<T> of(String name, Class<T> type) {
            return new Key<>(name, type);
        }

        @Override
        public String toString() {
            return name;
        }
    }

    private final String requestId;
    private final Function<String, Optional<String>> headers;
    private final RequestBody body;
    private final Map<Key<?>, Object> attributes = new ConcurrentHashMap<>();
    private final Map<String, String> responseHeaders = new LinkedHashMap<>();
    private final Settling settling = new Settling();

    private long startNanos;
    private Caller caller;
    private ChatCompletionRequest request;
    // Volatile: a stream's serving deployment is set from the thread that found it, after any fallback.
    private volatile Deployment deployment;
    private volatile ServedBy servedBy;

    /**
     * @param requestId the id echoed in {@code x-request-id}
     * @param headers   the request's headers by case-insensitive name
     * @param body      the raw body, read on demand
     */
    public RequestContext(String requestId, Function<String, Optional<String>> headers, RequestBody body) {
        this.requestId = Objects.requireNonNull(requestId, "requestId");
        this.headers = Objects.requireNonNull(headers, "headers");
        this.body = Objects.requireNonNull(body, "body");
    }

    public String requestId() {
        return requestId;
    }

    public Optional<String> header(String name) {
        return headers.apply(name);
    }

    public RequestBody body() {
        return body;
    }

    /** The facts stages record for the request's {@link SettledRequest}. */
    public Settling settling() {
        return settling;
    }

    /** When the request entered the pipeline, on the pipeline's ticker. */
    public long startNanos() {
        return startNanos;
    }

    public void startNanos(long nanos) {
        this.startNanos = nanos;
    }

    /** Who is calling; null until the caller stage ran. */
    public Caller caller() {
        return caller;
    }

    public void caller(Caller caller) {
        this.caller = caller;
    }

    /** The parsed, validated request; null until the parse stage ran. */
    public ChatCompletionRequest request() {
        return request;
    }

    public void request(ChatCompletionRequest request) {
        this.request = request;
    }

    /** The deployment that serves the request; null until the model is resolved (or routed). */
    public Deployment deployment() {
        return deployment;
    }

    public void deployment(Deployment deployment) {
        this.deployment = deployment;
    }

    /** What produced the answer; empty until something did (and for refusals). */
    public Optional<ServedBy> servedBy() {
        return Optional.ofNullable(servedBy);
    }

    /** Records what produced the answer and says so in {@code x-reprise-provider} and {@code x-reprise-model}. */
    public void servedBy(ServedBy served) {
        this.servedBy = Objects.requireNonNull(served, "served");
        responseHeader(ServedBy.PROVIDER_HEADER, served.provider());
        if (served.model() != null) {
            responseHeader(ServedBy.MODEL_HEADER, served.model());
        }
    }

    public <T> Optional<T> attribute(Key<T> key) {
        return Optional.ofNullable(key.type.cast(attributes.get(key)));
    }

    public <T> void attribute(Key<T> key, T value) {
        if (value == null) {
            attributes.remove(key);
        } else {
            attributes.put(key, value);
        }
    }

    /**
     * Adds a header to the answer, whatever the outcome: a route's name, a cache stage's hit marker
     * ({@code x-reprise-provider} and {@code x-reprise-model} come from {@link #servedBy(ServedBy)}).
     * Set after the HTTP side's own headers, so a stage's value wins.
     */
    public synchronized void responseHeader(String name, String value) {
        responseHeaders.put(name, value);
    }

    /** One header a stage set, or null. */
    public synchronized String responseHeaderValue(String name) {
        return responseHeaders.get(name);
    }

    public synchronized Map<String, String> responseHeaders() {
        return Map.copyOf(responseHeaders);
    }

    /** True when the client asked for SSE (false before the parse stage ran). */
    public boolean streaming() {
        return request != null && request.isStreaming();
    }
}
