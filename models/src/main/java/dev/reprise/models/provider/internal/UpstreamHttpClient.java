package dev.reprise.models.provider.internal;

import dev.langchain4j.exception.TimeoutException;
import dev.langchain4j.http.client.HttpClient;
import dev.langchain4j.http.client.HttpClientBuilder;
import dev.langchain4j.http.client.HttpRequest;
import dev.langchain4j.http.client.SuccessfulHttpResponse;
import dev.langchain4j.http.client.sse.ServerSentEventListener;
import dev.langchain4j.http.client.sse.ServerSentEventParser;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

/**
 * The HTTP client every LangChain4j model of a provider uses, in place of LangChain4j's JDK client.
 * It exists for four things that client does not do: keep Retry-After on errors, speak HTTP/1.1
 * (plain-http upstreams such as vLLM and Ollama reject the h2c upgrade), time out a body that
 * stalls, and let a stream be cancelled before its first event.
 */
public final class UpstreamHttpClient implements HttpClient, AutoCloseable {

    /** Error bodies are for messages only; a huge one is cut here. */
    private static final int MAX_ERROR_BODY_BYTES = 64 * 1024;

    private final java.net.http.HttpClient jdk;
    private final Duration timeout;

    /** @param timeout for connecting, for the response headers, and for each wait on body bytes */
    public UpstreamHttpClient(Duration timeout) {
        this.timeout = timeout;
        this.jdk = java.net.http.HttpClient.newBuilder()
                .version(java.net.http.HttpClient.Version.HTTP_1_1)
                .connectTimeout(timeout)
                .followRedirects(java.net.http.HttpClient.Redirect.NEVER)
                .build();
    }

    /** A LangChain4j builder that hands out this client; the models' own timeout settings are ignored. */
    public HttpClientBuilder asBuilder() {
        UpstreamHttpClient self = this;
        return new HttpClientBuilder() {
            @Override
            public Duration connectTimeout() {
                return timeout;
            }

            @Override
            public HttpClientBuilder connectTimeout(Duration ignored) {
                return this;
            }

            @Override
            public Duration readTimeout() {
                return timeout;
            }

            @Override
            public HttpClientBuilder readTimeout(Duration ignored) {
                return this;
            }

            @Override
            public HttpClient build() {
                return self;
            }
        };
    }

    @Override
    public SuccessfulHttpResponse execute(HttpRequest request) {
        try {
            HttpResponse<InputStream> response = jdk.send(toJdk(request), HttpResponse.BodyHandlers.ofInputStream());
            try (InputStream body = IdleTimeoutInputStream.watch(response.body(), timeout)) {
                if (!isSuccess(response.statusCode())) {
                    throw failure(response, body.readNBytes(MAX_ERROR_BODY_BYTES));
                }
                return success(response, body.readAllBytes());
            }
        } catch (HttpTimeoutException e) {
            throw new TimeoutException(e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CancellationException("interrupted while waiting for the upstream");
        }
    }

    @Override
    public void execute(HttpRequest request, ServerSentEventParser parser, ServerSentEventListener listener) {
        StreamCall call = StreamCall.current();
        java.net.http.HttpRequest jdkRequest = toJdk(request);
        Thread.ofVirtual().name("reprise-upstream-stream").start(() -> stream(jdkRequest, parser, listener, call));
    }

    private void stream(java.net.http.HttpRequest request, ServerSentEventParser parser,
                        ServerSentEventListener listener, StreamCall call) {
        InputStream body = null;
        try {
            CompletableFuture<HttpResponse<InputStream>> pending =
                    jdk.sendAsync(request, HttpResponse.BodyHandlers.ofInputStream());
            call.onCancel(() -> pending.cancel(true));
            HttpResponse<InputStream> response = pending.get();
            body = IdleTimeoutInputStream.watch(response.body(), timeout);
            InputStream opened = body;
            call.onCancel(() -> closeQuietly(opened));
            if (!isSuccess(response.statusCode())) {
                listener.onError(failure(response, body.readNBytes(MAX_ERROR_BODY_BYTES)));
                return;
            }
            listener.onOpen(success(response, null));
            parser.parse(body, listener);
            listener.onClose();
        } catch (ExecutionException e) {
            listener.onError(e.getCause() != null ? e.getCause() : e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            listener.onError(e);
        } catch (IOException | RuntimeException e) {
            listener.onError(e);
        } finally {
            closeQuietly(body);
            call.ended();
        }
    }

    @Override
    public void close() {
        jdk.shutdownNow();
    }

    private java.net.http.HttpRequest toJdk(HttpRequest request) {
        if (!request.formDataFields().isEmpty() || !request.formDataFiles().isEmpty()) {
            throw new UnsupportedOperationException("multipart upstream requests are not used by chat models");
        }
        java.net.http.HttpRequest.Builder builder = java.net.http.HttpRequest.newBuilder()
                .uri(URI.create(request.url()))
                .timeout(timeout);
        request.headers().forEach((name, values) -> {
            if (values != null) {
                values.forEach(value -> builder.header(name, value));
            }
        });
        builder.method(request.method().name(), request.body() == null
                ? java.net.http.HttpRequest.BodyPublishers.noBody()
                : java.net.http.HttpRequest.BodyPublishers.ofString(request.body(), StandardCharsets.UTF_8));
        return builder.build();
    }

    private static UpstreamHttpException failure(HttpResponse<?> response, byte[] body) {
        return new UpstreamHttpException(response.statusCode(), new String(body, StandardCharsets.UTF_8),
                RetryAfter.fromHeaders(response.headers().map(), Instant.now()));
    }

    private static SuccessfulHttpResponse success(HttpResponse<?> response, byte[] body) {
        return SuccessfulHttpResponse.builder()
                .statusCode(response.statusCode())
                .headers(response.headers().map())
                .body(body)
                .build();
    }

    private static boolean isSuccess(int status) {
        return status >= 200 && status < 300;
    }

    private static void closeQuietly(InputStream in) {
        if (in == null) {
            return;
        }
        try {
            in.close();
        } catch (IOException | RuntimeException ignored) {
            // Closing is how we stop the upstream; a failure to close changes nothing for the caller.
        }
    }
}
