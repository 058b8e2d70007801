package dev.reprise.bench.compare;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.LongSupplier;

/**
 * Sends one request to one arm through the gateway's chat endpoint, the way a client would, with the cache
 * bypassed ({@code Cache-Control: no-store}: neither looked up nor stored), and reads the answer, its usage and the
 * gateway's headers. Streamed requests ask for usage and time the first piece of text.
 */
public final class CompareClient implements AutoCloseable {

    /** Neither looks up nor stores, so every arm really answers and the run leaves the cache as it was. */
    static final String NO_STORE = "no-store";

    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http;
    private final URI chat;
    private final String key;
    private final Duration timeout;
    private final LongSupplier nanos;

    public CompareClient(URI gateway, String key, Duration timeout, LongSupplier nanos) {
        this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(10)).build();
        this.chat = URI.create(gateway.toString().replaceAll("/+$", "") + "/v1/chat/completions");
        this.key = key;
        this.timeout = timeout;
        this.nanos = nanos;
    }

    /** Asks {@code arm} the prompt; never throws for a failed call, which comes back as a result with an error. */
    public CallResult call(Arm arm, ComparePrompt prompt, boolean stream) {
        ObjectNode body = prompt.body().deepCopy();
        body.put("model", arm.alias());
        if (stream) {
            body.put("stream", true);
            body.putObject("stream_options").put("include_usage", true);
        }
        HttpRequest.Builder request = HttpRequest.newBuilder(chat)
                .timeout(timeout)
                .header("Content-Type", "application/json")
                .header("Cache-Control", NO_STORE)
                .POST(HttpRequest.BodyPublishers.ofString(body.toString(), StandardCharsets.UTF_8));
        if (key != null) {
            request.header("Authorization", "Bearer " + key);
        }
        if (arm.abKey() != null) {
            request.header("x-reprise-ab-key", arm.abKey());
        }
        Reading reading = new Reading(arm, prompt.key(), nanos.getAsLong());
        // The request's own timeout ends at the headers; a stream that stalls after them is bounded here.
        FutureTask<CallResult> exchange = new FutureTask<>(() -> exchange(request.build(), reading));
        Thread.ofVirtual().name("compare-call").start(exchange);
        try {
            return exchange.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            exchange.cancel(true);
            return new CallResult(arm.name(), prompt.key(), 0, "no answer: not whole within " + timeout.toSeconds()
                    + " s", timeout.toMillis(), null, null, null, null, "", null, null, null, null, null);
        } catch (ExecutionException e) {
            throw new IllegalStateException("reading an answer failed unexpectedly", e.getCause());
        } catch (InterruptedException e) {
            exchange.cancel(true);
            Thread.currentThread().interrupt();
            return new CallResult(arm.name(), prompt.key(), 0, "no answer: interrupted", 0, null, null, null, null, "",
                    null, null, null, null, null);
        }
    }

    private CallResult exchange(HttpRequest request, Reading reading) {
        try {
            HttpResponse<InputStream> response = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
            reading.headers(response);
            try (InputStream in = response.body()) {
                if (response.statusCode() != 200) {
                    return reading.error(response.statusCode(), errorMessage(in.readAllBytes()));
                }
                boolean sse = response.headers().firstValue("content-type").orElse("").contains("event-stream");
                return sse ? readStream(in, reading) : readWhole(in.readAllBytes(), reading);
            }
        } catch (HttpTimeoutException e) {
            return reading.error(0, "no answer within " + timeout.toSeconds() + " s");
        } catch (JsonProcessingException e) {
            return reading.error(reading.status, "unreadable answer: " + e.getOriginalMessage());
        } catch (IOException e) {
            return reading.error(reading.status, "connection failed: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return reading.error(0, "interrupted");
        }
    }

    private CallResult readWhole(byte[] bytes, Reading reading) throws IOException {
        JsonNode root = JSON.readTree(bytes);
        reading.answer.append(ComparePrompt.textOf(root.path("choices").path(0).path("message").path("content")));
        reading.usage(root.path("usage"));
        return reading.done();
    }

    private CallResult readStream(InputStream in, Reading reading) throws IOException {
        BufferedReader lines = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
        String line;
        boolean finished = false;
        while ((line = lines.readLine()) != null) {
            if (!line.startsWith("data:")) {
                continue; // keep-alive comments and blank separators
            }
            String data = line.substring(5).strip();
            if (data.equals("[DONE]")) {
                finished = true;
                break;
            }
            JsonNode event = JSON.readTree(data);
            if (event.has("error")) {
                return reading.error(reading.status, "stream broke off: " + message(event.path("error")));
            }
            String piece = event.path("choices").path(0).path("delta").path("content").asText("");
            if (!piece.isEmpty() && reading.firstToken < 0) {
                reading.firstToken = nanos.getAsLong();
            }
            reading.answer.append(piece);
            if (event.hasNonNull("usage")) {
                reading.usage(event.get("usage"));
            }
        }
        return finished ? reading.done() : reading.error(reading.status, "stream ended without [DONE]");
    }

    private static String errorMessage(byte[] body) {
        try {
            JsonNode error = JSON.readTree(body).path("error");
            if (error.isObject()) {
                return message(error);
            }
        } catch (IOException e) {
            // Not JSON: the raw text below.
        }
        String text = new String(body, StandardCharsets.UTF_8).strip();
        return text.length() > 200 ? text.substring(0, 200) + "..." : text;
    }

    private static String message(JsonNode error) {
        String code = error.path("code").asText("");
        return error.path("message").asText("error") + (code.isEmpty() || code.equals("null") ? "" : " (" + code + ")");
    }

    @Override
    public void close() {
        http.close();
    }

    /** What one call has gathered so far. */
    private final class Reading {
        final Arm arm;
        final String key;
        final long started;
        final StringBuilder answer = new StringBuilder();
        long firstToken = -1;
        int status;
        Long inputTokens;
        Long outputTokens;
        String provider;
        String servedModel;
        String cache;
        String variant;
        String fallback;

        Reading(Arm arm, String key, long started) {
            this.arm = arm;
            this.key = key;
            this.started = started;
        }

        void headers(HttpResponse<?> response) {
            status = response.statusCode();
            provider = response.headers().firstValue("x-reprise-provider").orElse(null);
            servedModel = response.headers().firstValue("x-reprise-model").orElse(null);
            cache = response.headers().firstValue("x-reprise-cache").orElse(null);
            variant = response.headers().firstValue("x-reprise-variant").orElse(null);
            fallback = response.headers().firstValue("x-reprise-fallback").orElse(null);
        }

        void usage(JsonNode usage) {
            if (usage.has("prompt_tokens")) {
                inputTokens = usage.get("prompt_tokens").asLong();
            }
            if (usage.has("completion_tokens")) {
                outputTokens = usage.get("completion_tokens").asLong();
            }
        }

        CallResult done() {
            return result(null, status);
        }

        CallResult error(int code, String why) {
            return result(code == 0 ? "no answer: " + why : "HTTP " + code + ": " + why, code);
        }

        private CallResult result(String error, int code) {
            long now = nanos.getAsLong();
            Double ttft = firstToken < 0 ? null : (firstToken - started) / 1e6;
            CallResult r = new CallResult(arm.name(), key, code, error, (now - started) / 1e6, ttft, inputTokens,
                    outputTokens, null, answer.toString(), provider, servedModel, cache, variant, fallback);
            if (r.ok() && arm.variant() != null && !arm.variant().equals(variant)) {
                return r.failed("the gateway answered from variant " + variant + ", not " + arm.variant());
            }
            return r;
        }
    }
}
