package dev.reprise.gateway.pipeline;

import dev.reprise.gateway.error.GatewayError;
import dev.reprise.gateway.error.GatewayException;
import dev.reprise.models.provider.ProviderException;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Runs stages in order until one answers, then runs {@code after} in reverse for every stage whose
 * {@code before} ran. Exceptions are turned into refusals here, once, so no stage needs a try block
 * for the common cases and nothing escapes as a 500 with a stack trace.
 */
public final class Pipeline {

    private static final Logger LOG = Logger.getLogger(Pipeline.class.getName());

    private final List<Stage> stages;

    public Pipeline(List<Stage> stages) {
        if (stages.isEmpty()) {
            throw new IllegalArgumentException("a pipeline needs at least one stage");
        }
        this.stages = List.copyOf(stages);
    }

    public List<Stage> stages() {
        return stages;
    }

    public Outcome run(RequestContext ctx) {
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
                stage.after(ctx, outcome);
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "request " + ctx.requestId() + ": stage " + stage.name() + " failed after the answer", e);
            }
        }
        return outcome;
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
