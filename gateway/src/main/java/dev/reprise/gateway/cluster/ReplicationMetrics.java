package dev.reprise.gateway.cluster;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import java.time.Duration;
import java.util.function.IntSupplier;
import java.util.function.Supplier;

/** The {@code reprise_cache_replication_*} meters: changes published, applied, dropped and skipped, lag and state. */
final class ReplicationMetrics {

    private final Counter published;
    private final Counter applied;
    private final Counter dropped;
    private final Counter skipped;
    private final Counter coldStarts;
    private final Timer lag;

    private final MeterRegistry registry;

    ReplicationMetrics(MeterRegistry registry) {
        this.registry = registry;
        published = Counter.builder("reprise.cache.replication.published")
                .description("Cache changes this node added to the replication stream").register(registry);
        applied = Counter.builder("reprise.cache.replication.applied")
                .description("Other nodes' cache changes applied to this node's index").register(registry);
        dropped = Counter.builder("reprise.cache.replication.dropped")
                .description("Stored entries dropped from the outbox while Redis was away (other nodes miss them)")
                .register(registry);
        skipped = Counter.builder("reprise.cache.replication.skipped")
                .description("Stream records this node could not read or apply").register(registry);
        coldStarts = Counter.builder("reprise.cache.replication.cold.starts")
                .description("Times this node missed more than the stream keeps and emptied its cache")
                .register(registry);
        lag = Timer.builder("reprise.cache.replication.lag")
                .description("From a change made on one node (its clock) to its apply on this one, outbox time included")
                .publishPercentileHistogram()
                .register(registry);
    }

    /** Registers the gauges of the outbox's size and of the state. */
    void watch(Supplier<ReplicationState> state, IntSupplier outbox) {
        Gauge.builder("reprise.cache.replication.outbox", outbox, IntSupplier::getAsInt)
                .description("Changes waiting to be added to the stream").strongReference(true).register(registry);
        for (ReplicationState s : ReplicationState.values()) {
            Gauge.builder("reprise.cache.replication.state", state, now -> now.get() == s ? 1 : 0)
                    .tag("state", s.label())
                    .description("1 for the state this node's cache replication is in")
                    .strongReference(true).register(registry);
        }
    }

    void published() {
        published.increment();
    }

    void applied(Duration sinceSent) {
        applied.increment();
        lag.record(sinceSent.isNegative() ? Duration.ZERO : sinceSent);
    }

    void dropped() {
        dropped.increment();
    }

    void skipped() {
        skipped.increment();
    }

    void coldStart() {
        coldStarts.increment();
    }
}
