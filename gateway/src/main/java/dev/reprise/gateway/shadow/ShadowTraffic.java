package dev.reprise.gateway.shadow;

import dev.reprise.embeddings.Embedder;
import dev.reprise.gateway.error.GatewayError;
import dev.reprise.gateway.limits.LocalRateLimiter;
import dev.reprise.gateway.upstream.FallbackChain;
import dev.reprise.gateway.upstream.ProviderPool;
import dev.reprise.gateway.pipeline.SettledListener;
import dev.reprise.gateway.pipeline.SettledRequest;
import dev.reprise.models.provider.ProviderException;
import dev.reprise.models.wire.ChatCompletionRequest;
import io.micrometer.core.instrument.MeterRegistry;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Sends copies of settled requests to candidate aliases after their clients had their answers: a bounded queue (full:
 * dropped and counted, never waited on), the shadow's own rate limit and daily budget, and a few worker threads that
 * call the candidate, compare its answer with the primary's and write the call's record, linked to the primary's
 * request id. Nothing here runs on a client's request, so a candidate's failure or slowness costs a shadow row, never
 * an answer.
 */
public final class ShadowTraffic implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(ShadowTraffic.class.getName());

    /**
     * One copy to send.
     *
     * @param primary the client's request as it settled
     * @param sent    the request as the primary's provider got it (routed, redacted)
     */
    record Job(SettledRequest primary, ChatCompletionRequest sent, ShadowTarget target) {
    }

    private final ShadowSettings settings;
    private final SharedOrLazyEmbedder embedder;
    private final ShadowCaller caller;
    private final AnswerSimilarity similarity;
    private final ShadowBudget budget;
    private final List<SettledListener> records;
    private final ShadowMetrics metrics;
    private final BlockingQueue<Job> queue;
    /** Runs each call, so a worker can stop waiting for one that hangs. */
    private final ExecutorService calls = Executors.newVirtualThreadPerTaskExecutor();
    private final List<Thread> workers = new ArrayList<>();
    private final Object progress = new Object();
    /** Requests picked for a shadow call and done with: shadowed, failed or dropped. Guarded by {@link #progress}. */
    private long handled;
    private volatile boolean closed;

    /** What a shadow traffic runs on; {@code cacheEmbedder} is the cache's (null with the cache off). */
    public record Parts(ShadowSettings settings, FallbackChain chain, ProviderPool providers, Embedder cacheEmbedder,
                        List<SettledListener> records, Clock clock, MeterRegistry registry) {
    }

    /**
     * Starts the workers.
     *
     * @see Parts#records gets one record per shadow call (the access log and the usage ledger, when on)
     */
    public ShadowTraffic(Parts parts) {
        this.settings = parts.settings();
        this.embedder = new SharedOrLazyEmbedder(parts.cacheEmbedder() != null
                && parts.cacheEmbedder().modelId().equals(SharedOrLazyEmbedder.MODEL.id()) ? parts.cacheEmbedder() : null);
        this.caller = new ShadowCaller(parts.chain(), parts.providers(), System::nanoTime);
        this.similarity = new AnswerSimilarity(embedder);
        this.budget = new ShadowBudget(settings, new LocalRateLimiter(parts.clock()), parts.clock());
        this.records = List.copyOf(parts.records());
        this.metrics = new ShadowMetrics(parts.registry());
        this.queue = new ArrayBlockingQueue<>(settings.queueCapacity());
        for (int i = 0; i < settings.concurrency(); i++) {
            workers.add(Thread.ofVirtual().name("shadow-" + i).start(this::work));
        }
    }

    public ShadowSettings settings() {
        return settings;
    }

    /** What shadow calls have spent this UTC day. */
    public double spentToday() {
        return budget.spentToday();
    }

    /** Counts spend made before this start (the ledger's rows of today) against today's budget. */
    public void spentBefore(double usd) {
        budget.spent(usd);
    }

    /** Queues a copy when the queue has room and the shadow's bounds allow it; never blocks. */
    void offer(Job job) {
        if (closed) {
            drop(ShadowMetrics.Drop.CLOSED);
            return;
        }
        if (queue.remainingCapacity() == 0) {
            drop(ShadowMetrics.Drop.QUEUE);
            return;
        }
        ShadowBudget.Refusal refusal = budget.tryAcquire();
        if (refusal != null) {
            drop(refusal == ShadowBudget.Refusal.RATE ? ShadowMetrics.Drop.RATE : ShadowMetrics.Drop.BUDGET);
            return;
        }
        if (!queue.offer(job)) {
            drop(ShadowMetrics.Drop.QUEUE);
        }
    }

    /** The test hook: waits until {@code count} picked requests in all were shadowed, failed or dropped. */
    public boolean awaitHandled(long count, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (progress) {
            while (handled < count) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                TimeUnit.NANOSECONDS.timedWait(progress, left);
            }
            return true;
        }
    }

    private void drop(ShadowMetrics.Drop reason) {
        metrics.dropped(reason);
        done();
    }

    private void done() {
        synchronized (progress) {
            handled++;
            progress.notifyAll();
        }
    }

    private void work() {
        while (!closed) {
            Job job;
            try {
                job = queue.take();
            } catch (InterruptedException e) {
                return;
            }
            try {
                shadow(job);
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "a shadow call to '" + job.target().alias() + "' failed: "
                        + e.getClass().getSimpleName());
            } finally {
                done();
            }
        }
    }

    private void shadow(Job job) {
        SettledRequest primary = job.primary();
        String candidate = job.target().alias();
        String shadowId = primary.requestId() + "/shadow/" + candidate;
        long start = System.nanoTime();
        ShadowCaller.Reply reply = null;
        GatewayError error = null;
        Future<ShadowCaller.Reply> call = calls.submit(() -> caller.call(shadowId, candidate, job.sent()));
        try {
            reply = call.get(settings.timeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            // Not interrupted: an interrupted call would count against the candidate's deployment, whose breaker
            // clients may share. It ends by the deployment's own timeout, on its own thread; its answer is dropped.
            call.cancel(false);
            error = GatewayError.streamTimeout(candidate, settings.timeout());
        } catch (ExecutionException e) {
            // The cause's message may quote the upstream's body, which may quote the prompt: only its type is logged.
            error = e.getCause() instanceof ProviderException p ? GatewayError.upstream(p)
                    : GatewayError.internal(shadowId);
            LOG.fine(() -> "a shadow call to '" + candidate + "' failed: " + e.getCause().getClass().getSimpleName());
        } catch (InterruptedException e) {
            call.cancel(true);
            Thread.currentThread().interrupt();
            return;
        }
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        double cost = reply == null ? 0 : reply.costUsd();
        budget.spent(cost);
        metrics.called(primary.alias(), candidate, reply != null, cost);
        Float alike = reply == null ? null : similar(primary.answerText(), reply);
        record(primary, candidate, shadowId, took, reply, error, alike);
    }

    private Float similar(String primaryAnswer, ShadowCaller.Reply reply) {
        String answer = reply.response().choices().isEmpty() || reply.response().firstChoice().message() == null
                ? null : reply.response().firstChoice().message().text();
        try {
            return similarity.between(primaryAnswer, answer);
        } catch (RuntimeException e) {
            LOG.warning("could not compare a shadow answer with its primary's: " + e.getClass().getSimpleName());
            return null;
        }
    }

    /**
     * The call as a record of its own kind, at the primary's arrival (so both land in the same time bucket), under
     * the primary's tenant and key; its prompt is the primary's as records keep it (redacted).
     */
    private void record(SettledRequest primary, String candidate, String shadowId, Duration took,
                        ShadowCaller.Reply reply, GatewayError error, Float alike) {
        if (records.isEmpty()) {
            return;
        }
        SettledRequest settled = new SettledRequest(shadowId, primary.at(), primary.tenant(), primary.keyId(),
                candidate, candidate, null, null, reply == null ? null : reply.deployment(),
                reply == null ? null : reply.provider(), reply == null ? null : reply.upstreamModel(),
                reply == null ? 0 : reply.attempts(), reply == null ? null : reply.fallback(),
                SettledRequest.CacheFacts.NONE, reply == null ? error.status() : 200, error, took, null,
                reply == null ? SettledRequest.Tokens.NONE : reply.tokens(), reply == null ? 0 : reply.costUsd(), 0,
                false, primary.prompt(), reply == null ? null : reply.response(), SettledRequest.Kind.SHADOW,
                SettledRequest.GuardrailFacts.NONE, new SettledRequest.ShadowFacts(primary.requestId(), alike));
        for (SettledListener listener : records) {
            try {
                listener.settled(settled);
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "a shadow call's record was not kept", e);
            }
        }
    }

    /** Stops the workers; calls in progress are abandoned, queued copies are not sent. */
    @Override
    public void close() {
        closed = true;
        workers.forEach(Thread::interrupt);
        calls.shutdownNow();
        for (Thread worker : workers) {
            try {
                worker.join(Duration.ofSeconds(5));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        embedder.close();
    }
}
