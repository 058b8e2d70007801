package dev.reprise.gateway.budget;

import dev.reprise.gateway.cluster.PostgresLink;
import dev.reprise.gateway.pipeline.SettledListener;
import dev.reprise.gateway.pipeline.SettledRequest;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.DoubleAdder;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The cluster's spend, so every node holds a budget to what all of them spent: each settled request's cost is added
 * to the {@code spend} table of the shared PostgreSQL ({@code usd = usd + cost}, one atomic upsert per total, sent
 * by the sender thread while the request waits, before its answer goes out, not with the ledger's batched rows),
 * and a budget reads its total there. A node thus overspends a budget by at most the requests it has in flight. While PostgreSQL is away, budgets read this node's
 * own totals ({@link SpendTotals}: the cluster's spend as the ledger held it at start, plus this node's since), and
 * costs not yet sent wait in memory and are added when it is back.
 */
public final class ClusterSpend implements SpendView, SettledListener, AutoCloseable {

    private static final Logger LOG = Logger.getLogger(ClusterSpend.class.getName());
    /** Totals of periods that ended longer ago than the longest period are deleted, once a day. */
    private static final Duration KEEP = Duration.ofDays(62);
    private static final Duration CLOSE_WAIT = Duration.ofSeconds(5);
    /** What is left of a sent amount after subtracting it again: rounding, not money. */
    private static final double DUST = 1e-12;

    private static final String ADD = """
            INSERT INTO spend (scope, id, period, period_start_ms, usd) VALUES (?, ?, ?, ?, ?)
            ON CONFLICT (scope, id, period, period_start_ms) DO UPDATE SET usd = spend.usd + excluded.usd
            """;
    private static final String READ = """
            SELECT usd FROM spend WHERE scope = ? AND id = ? AND period = ? AND period_start_ms = ?
            """;

    /** One total: a scope's spend in one period, by the period's start. */
    private record Slot(BudgetScope scope, String id, BudgetPeriod period, Instant start) {
    }

    private final SpendTotals local;
    private final PostgresLink link;
    private final Clock clock;
    /** Costs settled here and not yet added to the table. */
    private final Map<Slot, DoubleAdder> unsent = new ConcurrentHashMap<>();
    private final ScheduledExecutorService sender = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("cluster-spend-sender").daemon(true).factory());
    private final Counter localReads;
    /** Sender thread only. */
    private boolean failing;
    private Instant nextPrune = Instant.MIN;

    /**
     * @param local this node's own totals, which it keeps counting: budgets read them while PostgreSQL is away
     */
    public ClusterSpend(SpendTotals local, PostgresLink link, Clock clock, MeterRegistry registry) {
        this.local = local;
        this.link = link;
        this.clock = clock;
        this.localReads = Counter.builder("reprise.budget.local.reads")
                .description("Budget checks answered from this node's own spend: the cluster's PostgreSQL was away")
                .register(registry);
        long every = link.settings().probeInterval().toMillis();
        sender.scheduleWithFixedDelay(this::sendSafely, every, every, TimeUnit.MILLISECONDS);
    }

    @Override
    public void settled(SettledRequest request) {
        local.settled(request);
        boolean[] any = {false};
        SpendTotals.charges(request, (scope, id, period, start, usd) -> {
            unsent.computeIfAbsent(new Slot(scope, id, period, start), s -> new DoubleAdder()).add(usd);
            any[0] = true;
        });
        if (any[0] && link.up()) {
            // Sent before the request's answer goes out (a plain answer settles first), so another node's next
            // check sees it: what makes "overspent by at most the requests in flight" hold under load, where a
            // sender left to its own pace fell behind (ClusterProcessesTest: $2.20 spent of $1 on three nodes).
            // Bounded by command-timeout; past it the cost stays unsent and the periodic send takes it.
            try {
                CompletableFuture.runAsync(this::sendSafely, sender)
                        .get(link.settings().commandTimeout().toMillis(), TimeUnit.MILLISECONDS);
            } catch (RejectedExecutionException | ExecutionException | TimeoutException e) {
                // closing, or slow: the periodic send retries
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /**
     * The cluster's total, and what this node has not sent yet; this node's own totals while PostgreSQL is away
     * or does not answer within {@code ledger.command-timeout}.
     */
    @Override
    public double spentUsd(BudgetScope scope, String id, BudgetPeriod period, Instant at) {
        if (link.up()) {
            Slot slot = new Slot(scope, id, period, period.start(at));
            try (Connection c = link.commandConnection(); PreparedStatement s = c.prepareStatement(READ)) {
                s.setString(1, scope.label());
                s.setString(2, id);
                s.setString(3, period.label());
                s.setLong(4, slot.start().toEpochMilli());
                double shared;
                try (ResultSet rs = s.executeQuery()) {
                    shared = rs.next() ? rs.getDouble(1) : 0;
                }
                DoubleAdder mine = unsent.get(slot);
                return SpendTotals.money(shared + (mine == null ? 0 : mine.sum()));
            } catch (SQLException e) {
                link.failedIfLost(e);
            }
        }
        localReads.increment();
        return local.spentUsd(scope, id, period, at);
    }

    /** True while budgets read the cluster's spend, false while they read this node's own. */
    public boolean shared() {
        return link.up();
    }

    /** Sends every cost settled so far and returns once that is done (or failed): the hook for tests. */
    public void flush() {
        CompletableFuture.runAsync(this::sendSafely, sender).join();
    }

    private void sendSafely() {
        try {
            send();
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "sending the budgets' spend failed; it will try again", e);
        }
    }

    /** Sender thread only: adds the unsent costs to the table in one transaction, then takes them off the unsent. */
    private void send() {
        if (unsent.isEmpty() || !link.up()) {
            return;
        }
        // Amounts stay counted as unsent until their commit, so a read meanwhile may count them twice (briefly
        // over, on the safe side for a budget) but never misses them.
        Map<Slot, Double> batch = new java.util.HashMap<>();
        for (Map.Entry<Slot, DoubleAdder> e : unsent.entrySet()) {
            double usd = e.getValue().sum();
            if (Math.abs(usd) >= DUST) {
                batch.put(e.getKey(), usd);
            }
        }
        if (batch.isEmpty()) {
            return;
        }
        try (Connection c = link.connection()) {
            c.setAutoCommit(false);
            try (PreparedStatement s = c.prepareStatement(ADD)) {
                for (Map.Entry<Slot, Double> e : batch.entrySet()) {
                    Slot slot = e.getKey();
                    s.setString(1, slot.scope().label());
                    s.setString(2, slot.id());
                    s.setString(3, slot.period().label());
                    s.setLong(4, slot.start().toEpochMilli());
                    s.setDouble(5, e.getValue());
                    s.addBatch();
                }
                s.executeBatch();
                c.commit();
            } catch (SQLException e) {
                c.rollback();
                throw e;
            }
            batch.forEach((slot, usd) -> unsent.get(slot).add(-usd));
            prune(c);
            if (failing) {
                LOG.info("the budgets' spend is added to PostgreSQL again");
                failing = false;
            }
        } catch (SQLException e) {
            // Not added, so still unsent (a lost commit's answer may have added it: then it counts twice, on the
            // safe side).
            link.failedIfLost(e);
            if (!failing) {
                LOG.warning("the budgets' spend could not be added to PostgreSQL; it waits in memory and is added "
                        + "when it is back: " + PostgresLink.summary(e));
                failing = true;
            }
        }
        // Slots of ended periods that were sent are left as zero adders: drop them.
        unsent.entrySet().removeIf(e -> Math.abs(e.getValue().sum()) < DUST && isOld(e.getKey()));
    }

    private boolean isOld(Slot slot) {
        return slot.start().isBefore(slot.period().start(clock.instant()));
    }

    private void prune(Connection c) throws SQLException {
        Instant now = clock.instant();
        if (now.isBefore(nextPrune)) {
            return;
        }
        c.setAutoCommit(true);
        try (PreparedStatement s = c.prepareStatement("DELETE FROM spend WHERE period_start_ms < ?")) {
            s.setLong(1, now.minus(KEEP).toEpochMilli());
            s.executeUpdate();
        }
        nextPrune = now.plus(Duration.ofDays(1));
    }

    /** Sends what is left, then stops the sender. */
    @Override
    public void close() {
        try {
            flush();
        } catch (RuntimeException e) {
            LOG.log(Level.FINE, "the last send of the budgets' spend failed", e);
        }
        sender.shutdownNow();
        try {
            sender.awaitTermination(CLOSE_WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
