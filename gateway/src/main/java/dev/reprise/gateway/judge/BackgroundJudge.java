package dev.reprise.gateway.judge;

import dev.reprise.cache.CacheEntry;
import dev.reprise.cache.SemanticLookup;
import dev.reprise.gateway.cache.CacheRequest;
import dev.reprise.gateway.cache.ResponseCache;
import dev.reprise.gateway.pipeline.SettledListener;
import dev.reprise.gateway.pipeline.SettledRequest;
import dev.reprise.models.wire.ChatCompletionResponse;
import dev.reprise.models.wire.ChatMessage;
import dev.reprise.models.wire.FinishReason;
import dev.reprise.models.wire.Usage;
import io.micrometer.core.instrument.MeterRegistry;

import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
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
 * Judges grey-band misses after their answers were sent: a bounded queue (full: dropped and counted), the budget's
 * three bounds, and one virtual thread that asks the judge model, parses its verdict, keeps it as a label and, on a
 * yes, makes the new question's entry serve the candidate's answer. Nothing here runs on a client's request: the
 * judge's failure, slowness or nonsense costs a label, never an answer. Its labels then let the cache serve a
 * grey-band candidate whose group they vouch for (see {@link JudgeEvidence}).
 */
public final class BackgroundJudge implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(BackgroundJudge.class.getName());
    /** The status a judge call that got no answer is recorded with in the ledger. */
    private static final int FAILED_STATUS = 502;

    /**
     * One grey-band miss to judge.
     *
     * @param question  the miss's key (its normalised text, namespace and tenant)
     * @param storedId  the entry its answer was stored under
     * @param candidate the nearest stored entry, which did not clear the serving rule
     */
    public record Job(CacheRequest question, String storedId, CacheEntry candidate, float similarity) {
    }

    private final JudgeSettings settings;
    private final ResponseCache cache;
    private final JudgeModel model;
    private final LabelStore labels;
    private final JudgeEvidence evidence;
    private final JudgeBudget budget;
    private final List<SettledListener> ledger;
    private final Clock clock;
    private final JudgeMetrics metrics;
    private final BlockingQueue<Job> queue;
    /** Runs each call, so the worker can stop waiting for one that hangs. */
    private final ExecutorService calls = Executors.newVirtualThreadPerTaskExecutor();
    private final Thread worker;
    private final Object progress = new Object();
    /** Grey-band misses done with: judged, failed or skipped. Guarded by {@link #progress}. */
    private long handled;
    private volatile boolean closed;

    /** @param ledger gets one record per judge call: the metrics, the access log and the usage ledger when on */
    public BackgroundJudge(JudgeSettings settings, ResponseCache cache, JudgeModel model, LabelStore labels,
                           List<SettledListener> ledger, Clock clock, MeterRegistry registry) throws SQLException {
        this.settings = settings;
        this.cache = cache;
        this.model = model;
        this.labels = labels;
        this.evidence = JudgeEvidence.of(labels.all(), settings.minYes());
        this.budget = new JudgeBudget(settings.maxPerMinute(), settings.maxShare(), settings.dailyBudgetUsd(), clock);
        this.ledger = List.copyOf(ledger);
        this.clock = clock;
        this.metrics = new JudgeMetrics(registry);
        this.queue = new ArrayBlockingQueue<>(settings.queueCapacity());
        this.worker = Thread.ofVirtual().name("cache-judge").start(this::work);
        cache.judgedBy(evidence);
    }

    public JudgeSettings settings() {
        return settings;
    }

    public LabelStore labels() {
        return labels;
    }

    /** Whether the miss is one the judge reads (see {@link ResponseCache#inGreyBand}). */
    public boolean inGreyBand(CacheRequest question, SemanticLookup miss) {
        try {
            return cache.inGreyBand(question, miss);
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "could not tell whether a miss is in the grey band; not judging it", e);
            return false;
        }
    }

    /** A semantic lookup missed: the share bound counts judge calls against all misses. */
    public void missed() {
        budget.missed();
    }

    /** Queues a grey-band miss for the judge when the queue has room and the budget allows; never blocks. */
    public void offer(Job job) {
        if (closed || queue.remainingCapacity() == 0) {
            skip(JudgeMetrics.Skip.QUEUE);
            return;
        }
        JudgeBudget.Refusal refusal = budget.tryAcquire();
        if (refusal != null) {
            skip(JudgeMetrics.of(refusal));
            return;
        }
        if (!queue.offer(job)) {
            skip(JudgeMetrics.Skip.QUEUE);
        }
    }

    /** The test hook: waits until {@code count} grey-band misses in all were judged, failed or skipped. */
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

    private void skip(JudgeMetrics.Skip reason) {
        metrics.skipped(reason);
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
                judge(job);
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "the cache judge failed on one question: " + e.getClass().getSimpleName());
            } finally {
                done();
            }
        }
    }

    private void judge(Job job) {
        String answer = ResponseCache.answerText(job.candidate());
        String prompt = settings.prompt().render(job.question().normalisedText(), job.candidate().matchedText(),
                answer);
        Instant at = clock.instant();
        long start = System.nanoTime();
        JudgeReply reply = call(prompt);
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        if (reply == null) {
            metrics.called(JudgeMetrics.Result.FAILED);
            record(job, at, took, null);
            return;
        }
        budget.spent(reply.costUsd());
        record(job, at, took, reply);
        Verdict verdict = Verdict.parse(reply.text());
        switch (verdict) {
            case SAME -> {
                metrics.called(JudgeMetrics.Result.SAME);
                label(job, at, true);
            }
            case DIFFERENT -> {
                metrics.called(JudgeMetrics.Result.DIFFERENT);
                label(job, at, false);
            }
            case NONE -> metrics.called(JudgeMetrics.Result.NONE);
        }
    }

    /** The judge's reply, or null when it failed or took longer than the timeout (logged without any text). */
    private JudgeReply call(String prompt) {
        Future<JudgeReply> call = calls.submit(() -> model.ask(prompt));
        try {
            return call.get(settings.timeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            // Not interrupted: an interrupted call would count as a failure of the judge alias's deployment, whose
            // breaker clients may share. It ends by the deployment's own timeout, on its own thread; its reply is
            // dropped.
            call.cancel(false);
            LOG.warning("the cache judge did not answer within " + settings.timeout().toMillis() + " ms");
        } catch (ExecutionException e) {
            // The cause's message may quote the upstream's body, which may quote the prompt: only its type is logged.
            LOG.fine(() -> "the cache judge call failed: " + e.getCause().getClass().getSimpleName());
        } catch (InterruptedException e) {
            call.cancel(true);
            Thread.currentThread().interrupt();
        }
        return null;
    }

    private void label(JudgeLabel label) {
        try {
            labels.add(label);
        } catch (SQLException e) {
            LOG.warning("could not keep a judge label in " + labels.file() + ": " + e.getClass().getSimpleName());
        }
        evidence.add(label);
    }

    private void label(Job job, Instant at, boolean same) {
        CacheEntry candidate = job.candidate();
        String group = evidence.groupOf(candidate.id());
        String alias = null;
        if (same && aliased(job)) {
            alias = job.storedId();
        }
        label(new JudgeLabel(at, candidate.namespace(), job.question().tenant(), group, candidate.id(), alias,
                candidate.matchedText(), job.question().normalisedText(), job.similarity(), same));
    }

    /** Makes the new question's entry serve the candidate's answer; false when either entry is gone. */
    private boolean aliased(Job job) {
        try {
            return cache.aliasLater(job.storedId(), job.candidate())
                    .get(settings.timeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } catch (ExecutionException | TimeoutException e) {
            return false;
        }
    }

    /** The judge call as a ledger row of its own kind, billed to the tenant whose question it judged. */
    private void record(Job job, Instant at, Duration took, JudgeReply reply) {
        if (ledger.isEmpty()) {
            return;
        }
        ChatCompletionResponse response = reply == null ? null : ChatCompletionResponse.of(
                "judge-" + UUID.randomUUID(), at.getEpochSecond(), reply.upstreamModel(),
                ChatMessage.assistant(reply.text()), FinishReason.STOP,
                Usage.of(reply.inputTokens(), reply.outputTokens()));
        SettledRequest.Tokens tokens = reply == null ? SettledRequest.Tokens.NONE
                : new SettledRequest.Tokens(reply.inputTokens(), reply.outputTokens(),
                reply.tokensReported() ? SettledRequest.TokenSource.PROVIDER : SettledRequest.TokenSource.NONE);
        SettledRequest settled = new SettledRequest("judge-" + UUID.randomUUID(), at, job.question().tenant(), null,
                settings.alias(), settings.alias(), null, null, reply == null ? null : reply.deployment(),
                reply == null ? null : reply.provider(), reply == null ? null : reply.upstreamModel(),
                reply == null ? 0 : reply.attempts(), null, SettledRequest.CacheFacts.NONE,
                reply == null ? FAILED_STATUS : 200, null, took, null, tokens, reply == null ? 0 : reply.costUsd(), 0,
                false, null, response, SettledRequest.Kind.JUDGE);
        for (SettledListener listener : ledger) {
            try {
                listener.settled(settled);
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "a judge call's record was not kept", e);
            }
        }
    }

    /** Stops the worker; a call in progress is abandoned, queued questions are not judged. */
    @Override
    public void close() {
        closed = true;
        worker.interrupt();
        calls.shutdownNow();
        try {
            worker.join(Duration.ofSeconds(5));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            labels.close();
        } catch (SQLException e) {
            LOG.warning("could not close the judge's labels " + labels.file());
        }
    }
}
