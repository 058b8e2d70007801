package dev.reprise.gateway;

import dev.reprise.models.catalogue.Deployment;
import dev.reprise.models.catalogue.Price;
import dev.reprise.models.catalogue.ProviderKind;
import dev.reprise.models.catalogue.Secret;
import dev.reprise.models.provider.Provider;
import dev.reprise.models.provider.ProviderException;
import dev.reprise.models.provider.StreamDelta;
import dev.reprise.models.provider.StreamHandle;
import dev.reprise.models.provider.StreamListener;
import dev.reprise.models.wire.ChatCompletionRequest;
import dev.reprise.models.wire.ChatCompletionResponse;
import dev.reprise.models.wire.ChatMessage;
import dev.reprise.models.wire.FinishReason;
import dev.reprise.models.wire.Usage;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/** Providers that behave in one controlled way, for the gateway's own tests. */
public final class FakeProviders {

    /** A key that must never show up in a response or a log line. */
    public static final String SECRET_KEY = "sk-test-SECRET-never-shown";

    private FakeProviders() {
    }

    /** An openai-kind deployment with a key, served by whatever provider the test supplies. */
    public static Deployment openAiDeployment(String alias) {
        return new Deployment(alias, ProviderKind.OPENAI, "gpt-4o-mini", "http://127.0.0.1:9", Secret.of(SECRET_KEY),
                Duration.ofSeconds(5), new Price(0.15, 0.6), null);
    }

    /** Fails every call with {@code error}: thrown by chat(), reported by stream(). */
    public record Failing(Deployment deployment, ProviderException error) implements Provider {
        @Override
        public ChatCompletionResponse chat(ChatCompletionRequest request) {
            throw error;
        }

        @Override
        public StreamHandle stream(ChatCompletionRequest request, StreamListener listener) {
            Thread.ofVirtual().start(() -> listener.onError(error));
            return () -> { };
        }
    }

    /** Throws an unexpected exception: the gateway must answer 500 without details. */
    public record Broken(Deployment deployment) implements Provider {
        @Override
        public ChatCompletionResponse chat(ChatCompletionRequest request) {
            throw new IllegalStateException("bug in a provider, key=" + SECRET_KEY);
        }

        @Override
        public StreamHandle stream(ChatCompletionRequest request, StreamListener listener) {
            throw new IllegalStateException("bug in a provider, key=" + SECRET_KEY);
        }
    }

    /** Streams a few words, then fails: an error after the first byte. */
    public record FailsMidStream(Deployment deployment, ProviderException error) implements Provider {
        @Override
        public ChatCompletionResponse chat(ChatCompletionRequest request) {
            throw error;
        }

        @Override
        public StreamHandle stream(ChatCompletionRequest request, StreamListener listener) {
            Thread.ofVirtual().start(() -> {
                listener.onDelta(StreamDelta.text("Hello "));
                listener.onDelta(StreamDelta.text("wor"));
                listener.onError(error);
            });
            return () -> { };
        }
    }

    /**
     * Streams a word every {@code gap} until cancelled, counting cancels: what a slow upstream looks like
     * to the gateway when the client hangs up.
     */
    public static final class Endless implements Provider {
        private final Deployment deployment;
        private final Duration gap;
        public final AtomicInteger cancels = new AtomicInteger();
        public final CountDownLatch cancelled = new CountDownLatch(1);

        public Endless(Deployment deployment, Duration gap) {
            this.deployment = deployment;
            this.gap = gap;
        }

        @Override
        public Deployment deployment() {
            return deployment;
        }

        @Override
        public ChatCompletionResponse chat(ChatCompletionRequest request) {
            return ChatCompletionResponse.of("chatcmpl-1", 0, deployment.upstreamModel(), ChatMessage.assistant("ok"),
                    FinishReason.STOP, Usage.of(1, 1));
        }

        @Override
        public StreamHandle stream(ChatCompletionRequest request, StreamListener listener) {
            AtomicBoolean stop = new AtomicBoolean();
            Thread.ofVirtual().start(() -> {
                try {
                    while (!stop.get()) {
                        listener.onDelta(StreamDelta.text("word "));
                        Thread.sleep(gap);
                    }
                    listener.onError(new ProviderException.Cancelled(deployment.provider().configName()));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            return () -> {
                stop.set(true);
                cancels.incrementAndGet();
                cancelled.countDown();
            };
        }
    }

    /** Wraps another provider and counts the cancels of its streams. */
    public static final class CancelCounting implements Provider {
        private final Provider delegate;
        public final CountDownLatch cancelled = new CountDownLatch(1);

        public CancelCounting(Provider delegate) {
            this.delegate = delegate;
        }

        @Override
        public Deployment deployment() {
            return delegate.deployment();
        }

        @Override
        public ChatCompletionResponse chat(ChatCompletionRequest request) {
            return delegate.chat(request);
        }

        @Override
        public StreamHandle stream(ChatCompletionRequest request, StreamListener listener) {
            StreamHandle handle = delegate.stream(request, listener);
            return () -> {
                cancelled.countDown();
                handle.cancel();
            };
        }
    }
}
