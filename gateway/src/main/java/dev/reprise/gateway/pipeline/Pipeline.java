package dev.reprise.gateway.pipeline;

import dev.reprise.gateway.error.GatewayError;
import dev.reprise.gateway.error.GatewayException;
import dev.reprise.models.provider.ProviderException;
import dev.reprise.models.wire.ChatCompletionResponse;

import java.time.Clock;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionException;
import java.util.function.LongSupplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Runs stages in order until one answers, then runs {@code after} in reverse for every stage whose
 * {@code before} ran. Exceptions are turned into refusals here, once, so no stage needs a try block
 * for the common cases and nothing escapes as a 500 with a stack trace. Once the outcome is final (at once,
 * or when a stream ends) the request settles: its {@link SettledRequest} goes to each stage's
 * {@code onSettled}, in the same reverse order, then to the listeners.
 */
public final class Pipeline {

    private static final Logger LOG = Logger.getLogger(Pipeline.class.getName());

    private final List<Stage> stages;
    private final List<SettledListener> listeners;
    private final Clock clock;
    private final LongSupplier ticker;

    /**
     * @param listeners get every settled request, in this order
     * @param clock     stamps the request's arrival
     * @param ticker    nanoseconds, as {@link System#nanoTime()}, for latencies; injected so tests control time
     */
    public Pipeline(List<Stage> stages, List<SettledListener> listeners, Clock clock, LongSupplier ticker) {
        if (stages.isEmpty()) {
            throw new IllegalArgumentException("a pipeline needs at least one stage");
        }
        this.stages = List.copyOf(stages);
        this.listeners = List.copyOf(listeners);
        this.clock = clock;
        this.ticker = ticker;
    }

    /** Without listeners, on the system clock. */
    public Pipeline(List<Stage> stages) {
        this(stages, List.of(), Clock.systemUTC(), System::nanoTime);
    }

    public List<Stage> stages() {
        return stages;
    }

    public Outcome run(RequestContext ctx) {
        ctx.startNanos(ticker.getAsLong());
        ctx.settling().arrived(clock.instant());
        Deque<Stage> ran = new ArrayDeque<>();
        Outcome outcome = null;
        for (Stage stage : stages) {
            ran.push(stage);
            Optional<Outcome> early = before(stage, ctx);
            if (early.isPresent()) {
                outcome = early.get();
                break;
            }
        }
        if (outcome == null) {
            LOG.severe(() -> "request " + ctx.requestId() + ": no stage answered; the last stage must always answer");
            outcome = new Outcome.Refused(GatewayError.internal(ctx.requestId()));
        }
        for (Stage stage : ran) {
            try {
                outcome = stage.answer(ctx, outcome);
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "request " + ctx.requestId() + ": stage " + stage.name() + " failed on the answer", e);
            }
        }
        for (Stage stage : ran) {
            try {
                stage.after(ctx, outcome);
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "request " + ctx.requestId() + ": stage " + stage.name() + " failed after the answer", e);
            }
        }
        settleWhenFinal(ctx, outcome, List.copyOf(ran));
        Outcome sent = outcome;
        for (Stage stage : ran) {
            try {
                sent = stage.reply(ctx, sent);
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "request " + ctx.requestId() + ": stage " + stage.name() + " failed on the reply", e);
            }
        }
        return sent;
    }

    private void settleWhenFinal(RequestContext ctx, Outcome outcome, List<Stage> ran) {
        switch (outcome) {
            case Outcome.Answered a -> settle(ctx, ran, 200, null, a.response());
            case Outcome.Refused r -> settle(ctx, ran, r.error().status(), r.error(), null);
            case Outcome.Streaming s -> s.stream().completion().whenComplete((response, error) -> {
                if (error == null) {
                    settle(ctx, ran, 200, null, response);
                } else {
                    GatewayError mapped = streamError(error);
                    settle(ctx, ran, mapped.status(), mapped, null);
                }
            });
        }
    }

    private void settle(RequestContext ctx, List<Stage> ran, int status, GatewayError error,
                        ChatCompletionResponse answer) {
        SettledRequest settled;
        try {
            settled = ctx.settling().settle(ctx, status, error, answer, ticker.getAsLong());
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "request " + ctx.requestId() + ": could not settle", e);
            return;
        }
        for (Stage stage : ran) {
            try {
                stage.onSettled(ctx, settled);
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "request " + ctx.requestId() + ": stage " + stage.name() + " failed on settling", e);
            }
        }
        for (SettledListener listener : listeners) {
            try {
                listener.settled(settled);
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "request " + ctx.requestId() + ": a settled-request listener failed", e);
            }
        }
    }

    /** How a stream that failed after its headers ended: the provider error's mapping, else a plain 500. */
    private static GatewayError streamError(Throwable error) {
        Throwable e = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
        return e instanceof ProviderException p ? GatewayError.upstream(p) : GatewayError.internal(null);
    }

    private static Optional<Outcome> before(Stage stage, RequestContext ctx) {
        try {
            Optional<Outcome> early = stage.before(ctx);
            return early == null ? Optional.empty() : early;
        } catch (GatewayException e) {
            return Optional.of(new Outcome.Refused(e.error()));
        } catch (ProviderException e) {
            return Optional.of(new Outcome.Refused(GatewayError.upstream(e)));
        } catch (RuntimeException e) {
            LOG.log(Level.SEVERE, "request " + ctx.requestId() + ": stage " + stage.name() + " failed", e);
            return Optional.of(new Outcome.Refused(GatewayError.internal(ctx.requestId())));
        }
    }
}
