package dev.reprise.models.catalogue;

import java.time.Duration;
import java.util.Objects;

/**
 * Where a model alias's requests go: a provider, its upstream model name, endpoint, key, timeouts and
 * price. {@code latency} is used only by the mock provider, to make a demo show what a cache saves.
 *
 * <p>{@code timeout} bounds each wait for the upstream's bytes; {@code connectTimeout} bounds opening a
 * connection, so an unreachable host fails (and falls back) in seconds instead of after a whole read timeout.
 * It defaults to {@link #DEFAULT_CONNECT_TIMEOUT}, or to {@code timeout} when that is shorter.
 */
public record Deployment(
        String alias,
        ProviderKind provider,
        String upstreamModel,
        String baseUrl,
        Secret apiKey,
        Duration timeout,
        Price price,
        Duration latency,
        Duration connectTimeout) {

    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(60);
    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(5);

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
        if (connectTimeout == null) {
            connectTimeout = timeout.compareTo(DEFAULT_CONNECT_TIMEOUT) < 0 ? timeout : DEFAULT_CONNECT_TIMEOUT;
        }
        if (connectTimeout.isNegative() || connectTimeout.isZero()) {
            throw new IllegalArgumentException("connect timeout of '" + alias + "' must be > 0, got "
                    + connectTimeout);
        }
        if (latency.isNegative()) {
            throw new IllegalArgumentException("latency of '" + alias + "' must be >= 0, got " + latency);
        }
    }

    /** A deployment with the default connect timeout. */
    public Deployment(String alias, ProviderKind provider, String upstreamModel, String baseUrl, Secret apiKey,
                      Duration timeout, Price price, Duration latency) {
        this(alias, provider, upstreamModel, baseUrl, apiKey, timeout, price, latency, null);
    }

    /** A mock deployment with the given latency, as the default config has. */
    public static Deployment mock(String alias, Duration latency) {
        return new Deployment(alias, ProviderKind.MOCK, "mock-1", null, Secret.none(), DEFAULT_TIMEOUT,
                new Price(0.15, 0.60), latency);
    }
}
