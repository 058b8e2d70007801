package dev.reprise.gateway.routing;

import dev.reprise.models.catalogue.Deployment;
import dev.reprise.models.provider.Provider;
import dev.reprise.models.provider.ProviderFactory;
import dev.reprise.models.provider.StreamHandle;
import dev.reprise.models.provider.StreamListener;
import dev.reprise.models.wire.ChatCompletionRequest;
import dev.reprise.models.wire.ChatCompletionResponse;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * Real providers behind a counter per upstream model name (tests give each deployment its own), and an
 * optional gate that holds calls to one model until released: how least-in-flight gets a busy deployment.
 */
final class PerDeploymentCounter implements Function<Deployment, Provider> {

    private final Map<String, AtomicInteger> calls = new ConcurrentHashMap<>();
    private final Map<String, CountDownLatch> gates = new ConcurrentHashMap<>();

    int calls(String upstreamModel) {
        return calls.computeIfAbsent(upstreamModel, m -> new AtomicInteger()).get();
    }

    /** Calls to {@code upstreamModel} wait until {@link #open} is called. */
    void hold(String upstreamModel) {
        gates.put(upstreamModel, new CountDownLatch(1));
    }

    void open(String upstreamModel) {
        CountDownLatch gate = gates.remove(upstreamModel);
        if (gate != null) {
            gate.countDown();
        }
    }

    @Override
    public Provider apply(Deployment deployment) {
        Provider real = ProviderFactory.create(deployment);
        String model = deployment.upstreamModel();
        AtomicInteger counter = calls.computeIfAbsent(model, m -> new AtomicInteger());
        return new Provider() {
            @Override
            public Deployment deployment() {
                return real.deployment();
            }

            @Override
            public ChatCompletionResponse chat(ChatCompletionRequest request) {
                counter.incrementAndGet();
                CountDownLatch gate = gates.get(model);
                if (gate != null) {
                    try {
                        gate.await();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
                return real.chat(request);
            }

            @Override
            public StreamHandle stream(ChatCompletionRequest request, StreamListener listener) {
                counter.incrementAndGet();
                return real.stream(request, listener);
            }
        };
    }
}
