package dev.reprise.gateway.http;

import dev.reprise.gateway.auth.Authenticator;
import dev.reprise.gateway.config.ServerConfig;
import dev.reprise.gateway.dashboard.DashboardService;
import dev.reprise.gateway.error.GatewayException;
import dev.reprise.gateway.ledger.FeedbackRecorder;
import dev.reprise.gateway.metrics.FeedbackMetrics;
import dev.reprise.gateway.pipeline.Pipeline;
import dev.reprise.models.catalogue.Deployment;
import dev.reprise.models.catalogue.ModelCatalogue;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.http.HttpService;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;


import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;

/**
 * The HTTP surface, one service per API: {@code /v1/chat/completions}, {@code /v1/models}, {@code /v1/feedback},
 * {@code /health}, {@code /metrics}, {@code /admin}, {@code /dashboard}; then OpenAI-shaped 404s for anything
 * else and the error handlers.
 */
public final class HttpApi {

    private HttpApi() {
    }

    /**
     * What the services need. {@code admin} holds the {@code /admin} services that are on (cache, deployments,
     * usage, keys, ...): each registers its own paths, and a feature that is off is simply not in the list.
     * {@code feedback} is where {@code POST /v1/feedback} writes: the usage ledger, or null when it is off.
     */
    public record Parts(Pipeline chatPipeline, ModelCatalogue catalogue, Authenticator authenticator,
                        PrometheusMeterRegistry registry, BooleanSupplier ready, long maxBodySize,
                        Duration streamKeepAlive, LongSupplier ticker, long startedEpochSeconds,
                        List<HttpService> admin, FeedbackRecorder feedback, List<HealthComponent> health) {

        public Parts {
            Objects.requireNonNull(chatPipeline, "chatPipeline");
            Objects.requireNonNull(catalogue, "catalogue");
            Objects.requireNonNull(authenticator, "authenticator");
            Objects.requireNonNull(registry, "registry");
            Objects.requireNonNull(ready, "ready");
            Objects.requireNonNull(streamKeepAlive, "streamKeepAlive");
            Objects.requireNonNull(ticker, "ticker");
            admin = List.copyOf(admin);
            health = List.copyOf(health);
        }

        public static Builder builder() {
            return new Builder();
        }

        /** Builds {@link Parts}; the pipeline, catalogue, authenticator, registry and readiness are required. */
        public static final class Builder {

            private Pipeline chatPipeline;
            private ModelCatalogue catalogue;
            private Authenticator authenticator;
            private PrometheusMeterRegistry registry;
            private BooleanSupplier ready;
            private long maxBodySize = ServerConfig.DEFAULT_MAX_BODY_SIZE;
            private Duration streamKeepAlive = ServerConfig.DEFAULT_STREAM_KEEP_ALIVE;
            private LongSupplier ticker = System::nanoTime;
            private long startedEpochSeconds = System.currentTimeMillis() / 1000;
            private final List<HttpService> admin = new ArrayList<>();
            private FeedbackRecorder feedback;
            private final List<HealthComponent> health = new ArrayList<>();

            private Builder() {
            }

            public Builder chatPipeline(Pipeline value) {
                this.chatPipeline = value;
                return this;
            }

            public Builder catalogue(ModelCatalogue value) {
                this.catalogue = value;
                return this;
            }

            public Builder authenticator(Authenticator value) {
                this.authenticator = value;
                return this;
            }

            public Builder registry(PrometheusMeterRegistry value) {
                this.registry = value;
                return this;
            }

            public Builder ready(BooleanSupplier value) {
                this.ready = value;
                return this;
            }

            public Builder maxBodySize(long value) {
                this.maxBodySize = value;
                return this;
            }

            public Builder streamKeepAlive(Duration value) {
                this.streamKeepAlive = value;
                return this;
            }

            public Builder ticker(LongSupplier value) {
                this.ticker = value;
                return this;
            }

            public Builder startedEpochSeconds(long value) {
                this.startedEpochSeconds = value;
                return this;
            }

            /** Adds an {@code /admin} service; a null one (its feature is off) is skipped. */
            public Builder admin(HttpService service) {
                if (service != null) {
                    admin.add(service);
                }
                return this;
            }

            /** Where client feedback goes (the usage ledger); none, the default, refuses it with 409. */
            public Builder feedback(FeedbackRecorder value) {
                this.feedback = value;
                return this;
            }

            /** Adds a component {@code /health} reports on; a null one (not configured) is skipped. */
            public Builder health(HealthComponent component) {
                if (component != null) {
                    health.add(component);
                }
                return this;
            }

            public Parts build() {
                return new Parts(chatPipeline, catalogue, authenticator, registry, ready, maxBodySize,
                        streamKeepAlive, ticker, startedEpochSeconds, admin, feedback, health);
            }
        }
    }

    public static void routing(HttpRouting.Builder routing, Parts parts) {
        StreamResponder streams = new StreamResponder(parts.streamKeepAlive(), parts.ticker());
        routing.addFilter(new RequestIdFilter())
                .register("/v1",
                        new ChatCompletionsService(parts.chatPipeline(), parts.maxBodySize(), streams),
                        new ModelsService(parts.catalogue(), parts.authenticator(), parts.startedEpochSeconds()),
                        new FeedbackService(parts.authenticator(), parts.feedback(),
                                new FeedbackMetrics(parts.registry())))
                .register(new HealthService(parts.ready(),
                                parts.catalogue().all().stream().map(Deployment::alias).toList(), parts.health()),
                        new MetricsService(parts.registry()));
        // Each admin service that is on registers its paths; those of a feature that is off answer 404 like any
        // unknown path.
        parts.admin().forEach(service -> routing.register("/admin", service));
        // GET /dashboard: a static page; the data it shows comes from /admin with the key typed into it.
        routing.register("/dashboard", new DashboardService());
        routing.any(Fallbacks.unknownPath())
                .error(GatewayException.class, Fallbacks.gatewayErrors())
                .error(Throwable.class, Fallbacks.unexpected());
    }
}
