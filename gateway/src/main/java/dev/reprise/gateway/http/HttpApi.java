package dev.reprise.gateway.http;

import dev.reprise.gateway.auth.Authenticator;
import dev.reprise.gateway.dashboard.DashboardService;
import dev.reprise.gateway.error.GatewayException;
import dev.reprise.gateway.pipeline.Pipeline;
import dev.reprise.models.catalogue.Deployment;
import dev.reprise.models.catalogue.ModelCatalogue;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.http.HttpService;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

import java.time.Duration;
import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;

/**
 * The HTTP surface, one service per API: {@code /v1/chat/completions}, {@code /v1/models},
 * {@code /health}, {@code /metrics}, {@code /admin}, {@code /dashboard}; then OpenAI-shaped 404s for anything
 * else and the error handlers.
 */
public final class HttpApi {

    private HttpApi() {
    }

    /** What the services need. */
    public record Parts(Pipeline chatPipeline, ModelCatalogue catalogue, Authenticator authenticator,
                        PrometheusMeterRegistry registry, BooleanSupplier ready, long maxBodySize,
                        Duration streamKeepAlive, LongSupplier ticker, long startedEpochSeconds,
                        HttpService adminCache, HttpService adminDeployments, HttpService adminUsage) {

        /** Without the usage ledger's admin service. */
        public Parts(Pipeline chatPipeline, ModelCatalogue catalogue, Authenticator authenticator,
                     PrometheusMeterRegistry registry, BooleanSupplier ready, long maxBodySize,
                     Duration streamKeepAlive, LongSupplier ticker, long startedEpochSeconds, HttpService adminCache,
                     HttpService adminDeployments) {
            this(chatPipeline, catalogue, authenticator, registry, ready, maxBodySize, streamKeepAlive, ticker,
                    startedEpochSeconds, adminCache, adminDeployments, null);
        }

        /** Without the deployments admin service (embedding and older callers). */
        public Parts(Pipeline chatPipeline, ModelCatalogue catalogue, Authenticator authenticator,
                     PrometheusMeterRegistry registry, BooleanSupplier ready, long maxBodySize,
                     Duration streamKeepAlive, LongSupplier ticker, long startedEpochSeconds, HttpService adminCache) {
            this(chatPipeline, catalogue, authenticator, registry, ready, maxBodySize, streamKeepAlive, ticker,
                    startedEpochSeconds, adminCache, null, null);
        }
    }

    public static void routing(HttpRouting.Builder routing, Parts parts) {
        StreamResponder streams = new StreamResponder(parts.streamKeepAlive(), parts.ticker());
        routing.addFilter(new RequestIdFilter())
                .register("/v1",
                        new ChatCompletionsService(parts.chatPipeline(), parts.maxBodySize(), streams),
                        new ModelsService(parts.catalogue(), parts.authenticator(), parts.startedEpochSeconds()))
                .register(new HealthService(parts.ready(),
                                parts.catalogue().all().stream().map(Deployment::alias).toList()),
                        new MetricsService(parts.registry()));
        // The admin API exists only with the cache on; otherwise its paths answer 404 like any unknown path.
        if (parts.adminCache() != null) {
            routing.register("/admin", parts.adminCache());
        }
        // GET /admin/deployments: breakers, in-flight counts, latency and key state; with or without the cache.
        if (parts.adminDeployments() != null) {
            routing.register("/admin", parts.adminDeployments());
        }
        // GET /admin/usage, /admin/usage/similarity and /admin/requests: the usage ledger, when it is on.
        if (parts.adminUsage() != null) {
            routing.register("/admin", parts.adminUsage());
        }
        // GET /dashboard: a static page; the data it shows comes from /admin with the key typed into it.
        routing.register("/dashboard", new DashboardService());
        routing.any(Fallbacks.unknownPath())
                .error(GatewayException.class, Fallbacks.gatewayErrors())
                .error(Throwable.class, Fallbacks.unexpected());
    }
}
