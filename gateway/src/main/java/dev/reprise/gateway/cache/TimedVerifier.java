package dev.reprise.gateway.cache;

import dev.reprise.cache.AnswerVerifier;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import java.time.Duration;
import java.util.List;

/**
 * The verifier as the cache runs it, with its meters: the time of each call (one model run per candidate read)
 * and every probability it gives, so operators see how close rejected candidates come.
 */
final class TimedVerifier implements AnswerVerifier, AutoCloseable {

    private static final double[] PROBABILITY_BUCKETS = {0.1, 0.25, 0.5, 0.75, 0.9, 0.95, 0.98, 0.99, 1.0};

    private final AnswerVerifier model;
    private final Timer duration;
    private final DistributionSummary probabilities;

    TimedVerifier(AnswerVerifier model, MeterRegistry registry) {
        this.model = model;
        this.duration = Timer.builder("reprise.cache.verifier.duration")
                .description("Time the pair verifier takes to read one candidate")
                .serviceLevelObjectives(Duration.ofMillis(1), Duration.ofMillis(2), Duration.ofMillis(5),
                        Duration.ofMillis(10), Duration.ofMillis(25), Duration.ofMillis(50), Duration.ofMillis(100))
                .register(registry);
        this.probabilities = DistributionSummary.builder("reprise.cache.verifier.probability")
                .description("The pair verifier's probability for every candidate it read")
                .serviceLevelObjectives(PROBABILITY_BUCKETS)
                .register(registry);
    }

    @Override
    public float[] sameAnswerProbabilities(String question, List<String> storedQuestions) {
        long start = System.nanoTime();
        float[] out = model.sameAnswerProbabilities(question, storedQuestions);
        duration.record(Duration.ofNanos(System.nanoTime() - start));
        for (float p : out) {
            probabilities.record(p);
        }
        return out;
    }

    @Override
    public void close() throws Exception {
        if (model instanceof AutoCloseable closeable) {
            closeable.close();
        }
    }
}
