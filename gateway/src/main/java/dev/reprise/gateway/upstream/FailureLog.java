package dev.reprise.gateway.upstream;

import dev.reprise.models.provider.ProviderException;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The server log's account of upstream failures: one line per failed attempt, written once its next step
 * is known, naming the request id, alias, deployment and key position (never the key), the status or cause,
 * and what happened next. Lines of one kind are rate limited on the injected clock, so an outage writes a
 * few lines a window instead of one per request.
 */
public final class FailureLog {

    /** After a line is written, lines of the same kind are only counted for this long. */
    public static final Duration REPEAT_WINDOW = Duration.ofSeconds(10);
    /** Upstream messages are quoted up to this length (they arrive already scrubbed of the key). */
    private static final int MAX_DETAIL = 300;

    private static final Logger LOG = Logger.getLogger(FailureLog.class.getName());

    /** A failed attempt, held until its next step is known. */
    record Failure(String requestId, String alias, int attempt, String deployment, String keyPosition,
                   ProviderException error, boolean breakerOpened) {
    }

    /** What the gateway did next: {@code kind} tells like lines apart, {@code text} says it in the log. */
    record Next(String kind, String text) {
        static Next retry(Duration wait) {
            return new Next("retry", "retry in " + wait.toMillis() + " ms");
        }

        static Next fallback(String alias) {
            return new Next("fallback:" + alias, "fall back to '" + alias + "'");
        }

        static Next contextFallback(String alias) {
            return new Next("context-fallback:" + alias, "fall back to the context-fallback '" + alias + "'");
        }

        static Next none() {
            return new Next("none", "none left, the client gets this error");
        }

        static Next streamEnds() {
            return new Next("stream-ends", "the stream ends with an error event");
        }
    }

    private final RepeatLimiter limiter;
    private final Clock clock;

    FailureLog(Clock clock) {
        this.clock = clock;
        this.limiter = new RepeatLimiter(clock, REPEAT_WINDOW);
    }

    /** One failed attempt and what came of it. */
    void attemptFailed(Failure f, Next next) {
        ProviderException e = f.error();
        String kind = String.join("|", "attempt", f.alias(), f.deployment(), FailureReason.of(e),
                Integer.toString(e.upstreamStatus()), Boolean.toString(f.breakerOpened()), next.kind());
        write(levelOf(e), kind, () -> "request " + f.requestId() + ": attempt " + f.attempt() + " for '" + f.alias()
                + "' failed on " + f.deployment() + " (" + f.keyPosition() + "): " + cause(e)
                + (f.breakerOpened() ? "; breaker opened" : "") + "; next: " + next.text());
    }

    /** An alias none of whose deployments could be called: open circuits or resting keys. */
    void skipped(String requestId, Unavailable u, Next next) {
        String kind = String.join("|", "skipped", u.alias(), u.reason(), next.kind());
        Instant now = clock.instant();
        String why = u.wake() != null
                ? "every key rests after rate limits, the first until " + OpenCircuits.toSecond(u.wake())
                        + " (in " + OpenCircuits.waitSeconds(now, u.wake()) + "s)"
                : OpenCircuits.describe(u.circuits(), now);
        write(Level.WARNING, kind, () -> "request " + requestId + ": no call made to '" + u.alias() + "': " + why
                + "; next: " + next.text());
    }

    /** A request refused without any call, because every deployment it could use is open-circuited. */
    void refused(String requestId, String alias, ProviderException.CircuitOpen e) {
        write(Level.WARNING, "refused|" + alias, () -> "request " + requestId + ": refused with 503 without calling"
                + " upstream: " + e.getMessage());
    }

    /** The request's deadline passed between attempts. */
    void deadlinePassed(String requestId, String alias, int attempts) {
        write(Level.WARNING, "deadline|" + alias, () -> "request " + requestId + ": the deadline of '" + alias
                + "' passed after " + attempts + " attempt(s); next: none, the request ends with its last error");
    }

    /** A stream that failed after its first token, when nothing can be retried any more. */
    void streamBroke(String requestId, String alias, Lease lease, ProviderException e) {
        String kind = String.join("|", "stream", alias, lease.state().id(), FailureReason.of(e),
                Integer.toString(e.upstreamStatus()));
        write(levelOf(e), kind, () -> "request " + requestId + ": the stream from '" + alias + "' on "
                + lease.state().id() + " (" + lease.keyPosition() + ") failed after its first token: " + cause(e)
                + "; next: " + Next.streamEnds().text());
    }

    private void write(Level level, String kind, Supplier<String> line) {
        if (!LOG.isLoggable(level)) {
            return;
        }
        long held = limiter.admit(kind);
        if (held == RepeatLimiter.HOLD) {
            return;
        }
        String suffix = held == 0 ? "" : " (" + held + " more like this in the last "
                + limiter.window().toSeconds() + "s were not logged)";
        LOG.log(level, line.get() + suffix);
    }

    /** Client errors are the request's fault, a cancel is the client leaving: neither is an upstream failure. */
    private static Level levelOf(ProviderException e) {
        return switch (e) {
            case ProviderException.Cancelled c -> Level.FINE;
            case ProviderException.BadRequest b -> Level.INFO;
            default -> Level.WARNING;
        };
    }

    private static String cause(ProviderException e) {
        String reason = FailureReason.of(e);
        String head = e.upstreamStatus() > 0 ? "HTTP " + e.upstreamStatus() + " (" + reason + ")" : reason;
        String message = e.getMessage();
        if (message == null || message.isBlank()) {
            return head;
        }
        String oneLine = message.replaceAll("[\\r\\n\\t]+", " ").strip();
        return head + ": " + (oneLine.length() <= MAX_DETAIL ? oneLine : oneLine.substring(0, MAX_DETAIL) + "...");
    }
}
