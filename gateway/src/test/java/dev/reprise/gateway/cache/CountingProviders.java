package dev.reprise.gateway.cache;

import dev.reprise.models.catalogue.Deployment;
import dev.reprise.models.provider.Provider;
import dev.reprise.models.provider.ProviderFactory;
import dev.reprise.models.provider.StreamHandle;
import dev.reprise.models.provider.StreamListener;
import dev.reprise.models.wire.ChatCompletionRequest;
import dev.reprise.models.wire.ChatCompletionResponse;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/** Real providers behind a counter per alias: how tests see whether a request reached upstream. */
public final class CountingProviders implements Function<Deployment, Provider> {

    private final Map<String, AtomicInteger> calls = new ConcurrentHashMap<>();
    private final Function<Deployment, Provider> delegate;

    public CountingProviders() {
        this(ProviderFactory::create);
    }

    CountingProviders(Function<Deployment, Provider> delegate) {
        this.delegate = delegate;
    }

    public int calls(String alias) {
        return calls.computeIfAbsent(alias, a -> new AtomicInteger()).get();
    }

    @Override
    public Provider apply(Deployment deployment) {
        Provider real = delegate.apply(deployment);
        AtomicInteger counter = calls.computeIfAbsent(deployment.alias(), a -> new AtomicInteger());
        return new Provider() {
            @Override
            public Deployment deployment() {
                return real.deployment();
            }

            @Override
            public ChatCompletionResponse chat(ChatCompletionRequest request) {
                counter.incrementAndGet();
                return real.chat(request);
            }

            @Override
            public StreamHandle stream(ChatCompletionRequest request, StreamListener listener) {
                counter.incrementAndGet();
                return real.stream(request, listener);
            }

            @Override
            public void close() {
                real.close();
            }
        };
    }
}
