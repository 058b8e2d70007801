package dev.reprise.models.provider.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.langchain4j.exception.HttpException;
import dev.langchain4j.exception.UnresolvedModelServerException;
import dev.langchain4j.exception.UnsupportedFeatureException;
import dev.langchain4j.model.anthropic.internal.api.AnthropicStreamingException;
import dev.reprise.models.catalogue.Deployment;
import dev.reprise.models.provider.ProviderException;
import dev.reprise.models.wire.WireJson;

import java.io.IOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.net.http.HttpTimeoutException;
import java.nio.channels.UnresolvedAddressException;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.CancellationException;

/**
 * The one place that turns what a LangChain4j model or the HTTP layer threw into a
 * {@link ProviderException}. Messages name the provider, upstream model and deployment alias and
 * quote the upstream's own error message, with the deployment's key scrubbed from all of it.
 */
public final class ErrorMapping {

    /** Upstream messages are quoted up to this length. */
    private static final int MAX_QUOTED = 300;

    private final String provider;
    private final String where;
    private final String secret;
    private final Duration connectTimeout;

    public ErrorMapping(Deployment deployment) {
        this.provider = deployment.provider().configName();
        this.where = provider + " model " + deployment.upstreamModel() + " (deployment '" + deployment.alias() + "')";
        // Read only to scrub it from messages, never to send or show it.
        this.secret = deployment.apiKey().reveal();
        this.connectTimeout = deployment.connectTimeout();
    }

    /** What the gateway should make of {@code error}. */
    public ProviderException map(Throwable error) {
        if (error instanceof ProviderException pe) {
            return pe;
        }
        Throwable cause = safeCause(error);
        HttpException http = find(error, HttpException.class);
        if (http != null) {
            Duration retryAfter = http instanceof UpstreamHttpException u ? u.retryAfter().orElse(null) : null;
            return fromStatus(http.statusCode(), http.getMessage(), retryAfter, cause);
        }
        AnthropicStreamingException anthropic = find(error, AnthropicStreamingException.class);
        if (anthropic != null) {
            return fromAnthropicEvent(anthropic.type(), anthropic.getMessage(), cause);
        }
        if (find(error, InterruptedException.class) != null || find(error, CancellationException.class) != null) {
            return cancelled();
        }
        IncompleteBodyException incomplete = find(error, IncompleteBodyException.class);
        if (incomplete != null) {
            return new ProviderException.IncompleteAnswer(provider, where + ": the answer was cut short: "
                    + truncate(scrub(incomplete.getMessage())), cause);
        }
        SocketTimeoutException socketTimeout = find(error, SocketTimeoutException.class);
        if (socketTimeout != null && isConnectTimeout(socketTimeout)) {
            return new ProviderException.ConnectFailed(provider,
                    where + ": could not connect within " + connectTimeout.toMillis() + " ms", cause);
        }
        if (find(error, HttpTimeoutException.class) != null || socketTimeout != null
                || find(error, dev.langchain4j.exception.TimeoutException.class) != null
                || find(error, java.util.concurrent.TimeoutException.class) != null) {
            return new ProviderException.Timeout(provider, where + ": no answer in time", cause);
        }
        if (find(error, ConnectException.class) != null || find(error, UnknownHostException.class) != null
                || find(error, NoRouteToHostException.class) != null
                || find(error, UnresolvedAddressException.class) != null
                || find(error, UnresolvedModelServerException.class) != null) {
            return new ProviderException.ConnectFailed(provider, where + ": could not connect: " + describe(error), cause);
        }
        if (find(error, JsonProcessingException.class) != null) {
            // Only an answer's body is parsed: a close-delimited one cut short reads as complete but is not JSON.
            return new ProviderException.IncompleteAnswer(provider, where + ": unreadable answer: " + describe(error),
                    cause);
        }
        if (find(error, IOException.class) != null) {
            return new ProviderException.ConnectFailed(provider, where + ": connection failed: " + describe(error), cause);
        }
        if (find(error, UnsupportedFeatureException.class) != null || find(error, IllegalArgumentException.class) != null) {
            return new ProviderException.BadRequest(provider, 0, where + ": request not supported: " + describe(error), cause);
        }
        return new ProviderException.ServerError(provider, 0, where + ": failed: " + describe(error), cause);
    }

    /** The JDK's socket says so in its message; a connect that times out never reached the upstream. */
    private static boolean isConnectTimeout(SocketTimeoutException e) {
        return e.getMessage() != null && e.getMessage().startsWith("Connect timed out");
    }

    /** The call was stopped on our side. */
    public ProviderException cancelled() {
        return new ProviderException.Cancelled(provider);
    }

    /** A stream whose body ended before the upstream said the answer was complete. */
    public ProviderException truncated() {
        return new ProviderException.IncompleteAnswer(provider,
                where + ": the stream ended before the answer was complete", null);
    }

    private ProviderException fromStatus(int status, String body, Duration retryAfter, Throwable cause) {
        String quoted = quote(body);
        String message = where + ": upstream answered " + status + (quoted.isEmpty() ? "" : ": " + quoted);
        if (status == 401 || status == 403) {
            return new ProviderException.AuthFailed(provider, status, message, cause);
        }
        if (status == 429) {
            return new ProviderException.RateLimited(provider, message, retryAfter, cause);
        }
        if (status == 408) {
            return new ProviderException.Timeout(provider, message, cause);
        }
        if (status >= 400 && status < 500) {
            return isContextLength(body)
                    ? new ProviderException.ContextLengthExceeded(provider, message, cause)
                    : new ProviderException.BadRequest(provider, status, message, cause);
        }
        return new ProviderException.ServerError(provider, status, message, cause);
    }

    /** Anthropic reports some failures as an {@code error} event inside a 200 stream. */
    private ProviderException fromAnthropicEvent(String type, String text, Throwable cause) {
        String message = where + ": upstream stream failed: " + truncate(scrub(text)) + " (" + type + ")";
        return switch (type == null ? "" : type) {
            case "rate_limit_error" -> new ProviderException.RateLimited(provider, message, null, cause);
            case "authentication_error" -> new ProviderException.AuthFailed(provider, 401, message, cause);
            case "permission_error" -> new ProviderException.AuthFailed(provider, 403, message, cause);
            case "not_found_error" -> new ProviderException.BadRequest(provider, 404, message, cause);
            case "request_too_large" -> new ProviderException.BadRequest(provider, 413, message, cause);
            case "invalid_request_error" -> isContextLength(text)
                    ? new ProviderException.ContextLengthExceeded(provider, message, cause)
                    : new ProviderException.BadRequest(provider, 400, message, cause);
            case "overloaded_error" -> new ProviderException.ServerError(provider, 529, message, cause);
            default -> new ProviderException.ServerError(provider, 500, message, cause);
        };
    }

    static boolean isContextLength(String body) {
        if (body == null) {
            return false;
        }
        String b = body.toLowerCase(Locale.ROOT);
        return b.contains("context_length_exceeded")            // OpenAI's error code
                || b.contains("prompt is too long")               // Anthropic
                || b.contains("maximum context length")           // OpenAI and vLLM messages
                || b.contains("exceeds the maximum number of tokens") // Gemini
                || b.contains("context window");
    }

    /**
     * The upstream's own message from its error JSON, or the body itself, shortened. Scrubbed before it is cut: a cut
     * through the key would leave a piece of it that the scrub no longer recognises.
     */
    private String quote(String body) {
        if (body == null || body.isBlank()) {
            return "";
        }
        try {
            JsonNode json = WireJson.mapper().readTree(body);
            JsonNode error = json.path("error");
            if (error.isTextual()) {
                return truncate(scrub(error.asText()));
            }
            String message = error.path("message").asText(json.path("message").asText(""));
            if (!message.isEmpty()) {
                String code = error.path("code").isTextual() ? error.path("code").asText()
                        : error.path("status").asText(error.path("type").asText(""));
                return truncate(scrub(message)) + (code.isEmpty() ? "" : " (" + code + ")");
            }
        } catch (JsonProcessingException | RuntimeException notJson) {
            // Fall through: quote the raw body.
        }
        return truncate(scrub(body.strip()));
    }

    private static String truncate(String s) {
        if (s == null) {
            return "";
        }
        return s.length() <= MAX_QUOTED ? s : s.substring(0, MAX_QUOTED) + "...";
    }

    private String describe(Throwable error) {
        Throwable root = error;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = root.getMessage();
        return root.getClass().getSimpleName() + (message == null ? "" : ": " + truncate(scrub(message)));
    }

    private String scrub(String text) {
        return secret.isEmpty() || text == null ? text : text.replace(secret, "****");
    }

    /** The error itself as the cause, unless some message along its chain shows the key. */
    private Throwable safeCause(Throwable error) {
        if (secret.isEmpty()) {
            return error;
        }
        for (Throwable t = error; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t.getMessage() != null && t.getMessage().contains(secret)) {
                return null;
            }
        }
        return error;
    }

    private static <T> T find(Throwable error, Class<T> type) {
        for (Throwable t = error; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (type.isInstance(t)) {
                return type.cast(t);
            }
        }
        return null;
    }
}
