package dev.reprise.models.provider.internal;

import dev.langchain4j.exception.TimeoutException;
import dev.langchain4j.http.client.HttpClient;
import dev.langchain4j.http.client.HttpClientBuilder;
import dev.langchain4j.http.client.HttpRequest;
import dev.langchain4j.http.client.SuccessfulHttpResponse;
import dev.langchain4j.http.client.sse.ServerSentEventListener;
import dev.langchain4j.http.client.sse.ServerSentEventParser;
import io.helidon.http.Header;
import io.helidon.http.HeaderNames;
import io.helidon.http.Method;
import io.helidon.webclient.api.HttpClientResponse;
import io.helidon.webclient.api.Proxy;
import io.helidon.webclient.http1.Http1Client;
import io.helidon.webclient.http1.Http1ClientRequest;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.function.LongSupplier;

/**
 * The HTTP client every LangChain4j model of a provider uses, in place of LangChain4j's JDK client.
 *
 * <p>It is a blocking HTTP/1.1 client (Helidon's) that runs on the calling virtual thread, with a keep-alive
 * connection pool. The JDK client is asynchronous inside: each call hopped between the caller, its executor and
 * its selector thread, which cost more than the rest of a pass-through request (see bench/README.md). It also
 * keeps Retry-After on errors, never tries the h2c upgrade (plain-http upstreams such as vLLM and Ollama reject
 * it), fails a body that stalls for the timeout (a socket read timeout), fails a whole answer still arriving when
 * the timeout has passed since the call began ({@link AnswerDeadline}), and lets a stream be cancelled before its
 * first event. Bodies are read as their framing says, a close-delimited one included (see {@link BodyFraming}).
 */
public final class UpstreamHttpClient implements HttpClient, AutoCloseable {

    /** Error bodies are for messages only; a huge one is cut here. */
    private static final int MAX_ERROR_BODY_BYTES = 64 * 1024;

    private final Http1Client client;
    private final Duration connectTimeout;
    private final Duration timeout;
    private final LongSupplier ticker;

    /**
     * @param connectTimeout for opening a connection
     * @param timeout        for each wait on the upstream's bytes (headers or body), and for a whole answer
     */
    public UpstreamHttpClient(Duration connectTimeout, Duration timeout) {
        this(connectTimeout, timeout, System::nanoTime);
    }

    /** @param ticker nanoseconds, for whole answers' deadlines */
    UpstreamHttpClient(Duration connectTimeout, Duration timeout, LongSupplier ticker) {
        this.connectTimeout = connectTimeout;
        this.timeout = timeout;
        this.ticker = ticker;
        this.client = Http1Client.builder()
                .connectTimeout(connectTimeout)
                .readTimeout(timeout)
                // Requests are written whole; without this a stream's small frames could wait for delayed ACKs.
                .socketOptions(socket -> socket.tcpNoDelay(true))
                .followRedirects(false)
                // Bodies are small and known in length; waiting for "100 Continue" would cost a round trip.
                .sendExpectContinue(false)
                // Each deployment has its own pool, closed with the provider.
                .shareConnectionCache(false)
                .proxy(Proxy.create())
                .addService(new BodyFraming())
                .build();
    }

    /** A LangChain4j builder that hands out this client; the models' own timeout settings are ignored. */
    public HttpClientBuilder asBuilder() {
        UpstreamHttpClient self = this;
        return new HttpClientBuilder() {
            @Override
            public Duration connectTimeout() {
                return connectTimeout;
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
        long deadline = ticker.getAsLong() + timeout.toNanos();
        try (HttpClientResponse response = send(request)) {
            // Closing the response after a failed read closes its connection: an unread body is never drained.
            InputStream body = new AnswerDeadline(response.inputStream(), deadline, ticker, timeout.toMillis() + "ms");
            if (!isSuccess(response.status().code())) {
                throw failure(response, errorBody(body));
            }
            return success(response, body.readAllBytes());
        } catch (IOException e) {
            throw translate(new UncheckedIOException(e));
        } catch (UncheckedIOException e) {
            throw translate(e);
        }
    }

    @Override
    public void execute(HttpRequest request, ServerSentEventParser parser, ServerSentEventListener listener) {
        StreamCall call = StreamCall.current();
        Thread.ofVirtual().name("reprise-upstream-stream").start(() -> stream(request, parser, listener, call));
    }

    private void stream(HttpRequest request, ServerSentEventParser parser, ServerSentEventListener listener,
                        StreamCall call) {
        Thread reader = Thread.currentThread();
        // Until the answer's headers arrive the thread waits in a socket read; interrupting a virtual thread
        // there closes the socket.
        call.onCancel(reader::interrupt);
        try (HttpClientResponse response = send(request)) {
            call.onCancel(() -> {
                reader.interrupt();
                response.close();
            });
            InputStream body = response.inputStream();
            if (!isSuccess(response.status().code())) {
                listener.onError(failure(response, errorBody(body)));
                return;
            }
            listener.onOpen(success(response, null));
            parser.parse(body, listener);
            listener.onClose();
        } catch (IOException | RuntimeException e) {
            RuntimeException failure = e instanceof IOException io ? new UncheckedIOException(io) : (RuntimeException) e;
            listener.onError(call.isCancelled() ? new CancellationException("cancelled") : translate(failure));
        } finally {
            call.ended();
        }
    }

    @Override
    public void close() {
        client.closeResource();
    }

    private HttpClientResponse send(HttpRequest request) {
        if (!request.formDataFields().isEmpty() || !request.formDataFiles().isEmpty()) {
            throw new UnsupportedOperationException("multipart upstream requests are not used by chat models");
        }
        // uri(String) would percent-encode the query into the path; a URI keeps it (an encoded slash in the
        // path is sent decoded, which no provider's URL has).
        Http1ClientRequest call = client.method(Method.create(request.method().name())).uri(URI.create(request.url()));
        request.headers().forEach((name, values) -> {
            if (values != null && !values.isEmpty()) {
                call.header(HeaderNames.create(name), values);
            }
        });
        if (request.body() == null) {
            return call.request();
        }
        return call.submit(request.body().getBytes(StandardCharsets.UTF_8));
    }

    /** A read that waited the whole timeout is LangChain4j's timeout; anything else stays as it is. */
    private static RuntimeException translate(RuntimeException e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof SocketTimeoutException) {
                return new TimeoutException(t);
            }
        }
        return e;
    }

    /** Up to {@link #MAX_ERROR_BODY_BYTES} of an error's body; one that breaks off still has its status to go by. */
    private static byte[] errorBody(InputStream body) throws IOException {
        ByteArrayOutputStream read = new ByteArrayOutputStream();
        byte[] buffer = new byte[8192];
        try {
            int n;
            while (read.size() < MAX_ERROR_BODY_BYTES
                    && (n = body.read(buffer, 0, Math.min(buffer.length, MAX_ERROR_BODY_BYTES - read.size()))) != -1) {
                read.write(buffer, 0, n);
            }
        } catch (IncompleteBodyException cut) {
            // Keep what came: the status decides what the failure is.
        }
        return read.toByteArray();
    }

    private static UpstreamHttpException failure(HttpClientResponse response, byte[] body) {
        return new UpstreamHttpException(response.status().code(), new String(body, StandardCharsets.UTF_8),
                RetryAfter.fromHeaders(headers(response), Instant.now()));
    }

    private static SuccessfulHttpResponse success(HttpClientResponse response, byte[] body) {
        return SuccessfulHttpResponse.builder()
                .statusCode(response.status().code())
                .headers(headers(response))
                .body(body)
                .build();
    }

    private static Map<String, List<String>> headers(HttpClientResponse response) {
        Map<String, List<String>> headers = new LinkedHashMap<>();
        for (Header header : response.headers()) {
            headers.put(header.name(), new ArrayList<>(header.allValues()));
        }
        return headers;
    }

    private static boolean isSuccess(int status) {
        return status >= 200 && status < 300;
    }
}
