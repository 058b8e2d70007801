package dev.reprise.models.catalogue;

import java.time.Duration;
import java.util.Objects;

/**
 * Where a model alias's requests go: a provider, its upstream model name, endpoint, key, timeout and
 * price. {@code latency} is used only by the mock provider, to make a demo show what a cache saves.
 */
public record Deployment(
        String alias,
        ProviderKind provider,
        String upstreamModel,
        String baseUrl,
        Secret apiKey,
        Duration timeout,
        Price price,
        Duration latency) {

    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(60);

    public Deployment {
        Objects.requireNonNull(alias, "alias");
        Objects.requireNonNull(provider, "provider");
        Objects.requireNonNull(upstreamModel, "upstreamModel");
        apiKey = apiKey == null ? Secret.none() : apiKey;
        timeout = timeout == null ? DEFAULT_TIMEOUT : timeout;
        price = price == null ? Price.FREE : price;
        latency = latency == null ? Duration.ZERO : latency;
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("timeout of '" + alias + "' must be > 0, got " + timeout);
        }
        if (latency.isNegative()) {
            throw new IllegalArgumentException("latency of '" + alias + "' must be >= 0, got " + latency);
        }
    }

    /** A mock deployment with the given latency, as the default config has. */
    public static Deployment mock(String alias, Duration latency) {
        return new Deployment(alias, ProviderKind.MOCK, "mock-1", null, Secret.none(), DEFAULT_TIMEOUT,
                new Price(0.15, 0.60), latency);
    }
}
