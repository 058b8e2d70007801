package dev.reprise.gateway.http;

import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

/** {@code GET /metrics}: every meter in Prometheus' text format. */
public final class MetricsService implements HttpService {

    static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    private final PrometheusMeterRegistry registry;

    MetricsService(PrometheusMeterRegistry registry) {
        this.registry = registry;
    }

    @Override
    public void routing(HttpRules rules) {
        rules.get("/metrics", (req, res) -> {
            res.header(HeaderNames.CONTENT_TYPE, CONTENT_TYPE);
            res.send(registry.scrape());
        });
        rules.any("/metrics", Fallbacks.methodNotAllowed("GET"));
    }
}
