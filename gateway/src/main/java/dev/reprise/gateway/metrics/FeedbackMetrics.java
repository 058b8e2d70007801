package dev.reprise.gateway.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * The outcomes clients report through {@code POST /v1/feedback}, beside the other {@code reprise_variant_*} meters:
 * feedback given on a variant's requests, and the scores (their sum over their count is the mean). Labels stay in the
 * ledger: clients choose them, so as metric tags they could grow without bound.
 */
public final class FeedbackMetrics {

    private final MeterRegistry registry;

    public FeedbackMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    /**
     * One feedback recorded on a request of {@code variant} (chosen by {@code alias}'s split); {@code score} is null
     * when only a label was given. A replacement counts again: the ledger, not the metric, keeps the latest.
     */
    public void recorded(String alias, String variant, Double score) {
        if (variant == null) {
            return;
        }
        Counter.builder("reprise.variant.feedback")
                .description("Feedback given through POST /v1/feedback on requests of an A/B variant")
                .tags("model", alias, "variant", variant)
                .register(registry).increment();
        if (score != null) {
            DistributionSummary.builder("reprise.variant.feedback.score")
                    .description("Scores (0 bad to 1 good) given on requests of an A/B variant")
                    .tags("model", alias, "variant", variant)
                    .register(registry).record(score);
        }
    }
}
