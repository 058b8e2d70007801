package dev.reprise.gateway.upstream;

import dev.reprise.gateway.metrics.GatewayMetrics;
import dev.reprise.gateway.routing.AliasRoute;
import dev.reprise.gateway.routing.RetrySettings;
import dev.reprise.gateway.routing.RoutingTable;
import dev.reprise.models.provider.ProviderException;
import io.github.resilience4j.core.IntervalFunction;
import io.github.resilience4j.core.functions.Either;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;

/**
 * Runs one request's attempts: within an alias, Resilience4j's {@link Retry} repeats retriable failures
 * with exponential backoff and jitter (a 429's {@code Retry-After} instead, capped), each attempt on the
 * deployment and key the pool picks then; when the alias is exhausted or open-circuited, the next alias of
 * its {@code fallbacks} takes over, and a context-length error jumps to its {@code context-fallback}.
 * Client errors (other 4xx) and incomplete answers (a 200 cut short) end the request at once. The whole run is
 * bounded by the routed alias's deadline.
 */
public final class FallbackChain {

    /** One call on a leased deployment; throws {@link ProviderException} typed by what to do next. */
    @FunctionalInterface
    public interface Attempt<T> {
        T call(Lease lease);
    }

    /** What served the request: the value, the lease that produced it, and how it got there. */
    public record Served<T>(T value, Lease lease, String alias, int attempts, String fallbackFrom,
                            String fallbackReason) {
        public boolean byFallback() {
            return fallbackFrom != null;
        }
    }

    /** One request's run through the chain: who asks, how many attempts so far, and what failed. */
    private static final class Run {
        final String requestId;
        final AtomicInteger attempts = new AtomicInteger();
        final AtomicReference<ProviderException> lastError = new AtomicReference<>();
        /** A failed attempt not logged yet: its line waits until the next step is known. */
        final AtomicReference<FailureLog.Failure> pending = new AtomicReference<>();
        /** Deployments found open-circuited along the chain, for the refusal when nothing could be called. */
        final List<Unavailable.OpenCircuit> circuits = new ArrayList<>();

        Run(String requestId) {
            this.requestId = requestId;
        }
    }

    private final RoutingTable table;
    private final DeploymentPools pools;
    private final GatewayMetrics metrics;
    private final Clock clock;
    private final LongSupplier ticker;
    private final FailureLog failures;

    public FallbackChain(RoutingTable table, DeploymentPools pools, GatewayMetrics metrics, Clock clock,
                         LongSupplier ticker) {
        this.table = table;
        this.pools = pools;
        this.metrics = metrics;
        this.clock = clock;
        this.ticker = ticker;
        this.failures = new FailureLog(clock);
    }

    /** Where failed attempts are logged; streams log their own failures after the first token here too. */
    FailureLog failures() {
        return failures;
    }

    /**
     * Serves a request routed to {@code alias}.
     *
     * @param requestId names the request in the log lines of failed attempts
     * @param cancelled checked before each attempt: true once nobody waits for the answer
     * @throws ProviderException the last failure when every alias of the chain failed, or
     *         {@link ProviderException.CircuitOpen} when none could be called at all
     */
    public <T> Served<T> run(String requestId, String alias, Attempt<T> attempt, BooleanSupplier cancelled) {
        AliasRoute routed = table.alias(alias).orElseThrow(() -> new IllegalStateException("no route for " + alias));
        long deadline = ticker.getAsLong() + routed.retry().deadline().toNanos();
        Deque<String> chain = new ArrayDeque<>();
        chain.add(alias);
        chain.addAll(routed.fallbacks());
        Set<String> tried = new HashSet<>();
        Run run = new Run(requestId);
        ProviderException last = null;
        String previous = null;
        String reason = null;
        while (!chain.isEmpty()) {
            String current = chain.poll();
            AliasRoute route = table.alias(current).orElse(null);
            DeploymentPool pool = pools.of(current).orElse(null);
            if (route == null || pool == null || !tried.add(current)) {
                continue;
            }
            if (previous != null) {
                metrics.fallback(previous, current, reason);
            }
            try {
                AtomicReference<Lease> served = new AtomicReference<>();
                T value = tryAlias(pool, route.retry(), attempt, served, run, deadline, cancelled);
                return new Served<>(value, served.get(), current, run.attempts.get(),
                        current.equals(alias) ? null : alias, current.equals(alias) ? null : reason);
            } catch (ProviderException.ContextLengthExceeded e) {
                if (route.contextFallback() == null) {
                    logPending(run, FailureLog.Next.none());
                    throw e;
                }
                logPending(run, FailureLog.Next.contextFallback(route.contextFallback()));
                last = e;
                reason = "context-length";
                chain.clear();
                chain.add(route.contextFallback());
                table.alias(route.contextFallback()).ifPresent(r -> chain.addAll(r.fallbacks()));
            } catch (ProviderException.BadRequest | ProviderException.IncompleteAnswer
                     | ProviderException.Cancelled e) {
                // An incomplete answer was accepted (and billed) upstream: sending the request again, here or
                // to a fallback, would pay for it twice, so the client hears of it and decides.
                logPending(run, FailureLog.Next.none());
                throw e;
            } catch (ProviderException e) {
                logPending(run, nextOf(chain, tried));
                last = e;
                reason = FailureReason.of(e);
            } catch (Unavailable e) {
                FailureLog.Next next = nextOf(chain, tried);
                logPending(run, next);
                run.circuits.addAll(e.circuits());
                // The alias's earlier attempts may have failed for real before its keys or breakers ran out;
                // if none did, resting keys mean the client should come back when the first one wakes.
                last = run.lastError.get() != null ? run.lastError.get() : last != null ? last : restingKeys(route, e);
                reason = e.reason();
                if (last != null || !next.equals(FailureLog.Next.none())) {
                    // Otherwise nothing was called at all, and the refusal's own line below says so.
                    failures.skipped(requestId, e, next);
                }
            } catch (DeadlineExceeded e) {
                logPending(run, FailureLog.Next.none());
                failures.deadlinePassed(requestId, current, run.attempts.get());
                last = run.lastError.get() != null ? run.lastError.get() : last;
                throw last != null ? last : e.timeout(current);
            }
            previous = current;
        }
        if (last != null) {
            throw last;
        }
        ProviderException.CircuitOpen open = OpenCircuits.refusal(routed, run.circuits, clock.instant());
        failures.refused(requestId, alias, open);
        throw open;
    }

    /** The alias the loop will try next, as a log's next step. */
    private FailureLog.Next nextOf(Deque<String> chain, Set<String> tried) {
        for (String candidate : chain) {
            if (!tried.contains(candidate) && table.alias(candidate).isPresent() && pools.of(candidate).isPresent()) {
                return FailureLog.Next.fallback(candidate);
            }
        }
        return FailureLog.Next.none();
    }

    private void logPending(Run run, FailureLog.Next next) {
        FailureLog.Failure f = run.pending.getAndSet(null);
        if (f != null) {
            failures.attemptFailed(f, next);
        }
    }

    /** Every key of the alias rests after 429s: a 429 whose Retry-After is when the first one wakes. */
    private ProviderException restingKeys(AliasRoute route, Unavailable e) {
        if (e.wake() == null) {
            return null;
        }
        long millis = Math.max(0, Duration.between(clock.instant(), e.wake()).toMillis());
        Duration retryAfter = Duration.ofSeconds(Math.max(1, (millis + 999) / 1000));
        return new ProviderException.RateLimited(route.deployments().getFirst().primary().provider().configName(),
                "every key of '" + route.alias() + "' is rate limited", retryAfter, null);
    }

    private <T> T tryAlias(DeploymentPool pool, RetrySettings policy, Attempt<T> attempt, AtomicReference<Lease> served,
                           Run run, long deadline, BooleanSupplier cancelled) {
        String alias = pool.route().alias();
        IntervalFunction backoff = IntervalFunction.ofExponentialRandomBackoff(
                Math.max(1, policy.initialBackoff().toMillis()), 2.0, 0.5, Math.max(1, policy.maxBackoff().toMillis()));
        RetryConfig config = RetryConfig.<T>custom()
                .maxAttempts(policy.maxAttempts())
                .retryOnException(e -> retriable(e, pool, policy))
                .intervalBiFunction((Integer n, Either<Throwable, T> outcome) ->
                        Math.min(wait(n, outcome.getLeft(), pool, policy, backoff), remainingMillis(deadline)))
                .build();
        Retry retry = Retry.of(alias, config);
        retry.getEventPublisher().onRetry(e -> {
            metrics.retry(alias, FailureReason.of(e.getLastThrowable()));
            logPending(run, FailureLog.Next.retry(e.getWaitInterval()));
        });
        try {
            return retry.executeCheckedSupplier(() -> {
                if (cancelled.getAsBoolean()) {
                    throw new ProviderException.Cancelled(alias);
                }
                if (ticker.getAsLong() >= deadline) {
                    throw new DeadlineExceeded();
                }
                Lease lease = pool.acquire();
                int number = run.attempts.incrementAndGet();
                long start = ticker.getAsLong();
                try {
                    T value = attempt.call(lease);
                    served.set(lease);
                    metrics.attempt(alias, lease.state().id(), "ok");
                    return value;
                } catch (ProviderException e) {
                    boolean opened = lease.failed(Duration.ofNanos(ticker.getAsLong() - start), e);
                    lease.release();
                    run.lastError.set(e);
                    run.pending.set(new FailureLog.Failure(run.requestId, alias, number, lease.state().id(),
                            lease.keyPosition(), e, opened));
                    metrics.attempt(alias, lease.state().id(), FailureReason.of(e));
                    throw e;
                } catch (RuntimeException e) {
                    lease.release();
                    throw e;
                }
            });
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    /** Retry within the alias? Retriable failures yes, unless a 429's rest is longer than we will wait. */
    private boolean retriable(Throwable e, DeploymentPool pool, RetrySettings policy) {
        return switch (e) {
            case ProviderException.RateLimited r -> pool.hasFreeKey()
                    || r.retryAfter().orElse(Lease.DEFAULT_REST).compareTo(policy.maxRetryAfter()) <= 0;
            case ProviderException.Retriable r -> true;
            // A refused key of a pool is resting now; another key of the same pool may work.
            case ProviderException.AuthFailed a -> pool.hasFreeKey();
            case Unavailable u -> u.wake() != null
                    && Duration.between(clock.instant(), u.wake()).compareTo(policy.maxRetryAfter()) <= 0;
            default -> false;
        };
    }

    /** How long to wait before the next attempt: none when another key is free after a 429. */
    private long wait(int attempt, Throwable e, DeploymentPool pool, RetrySettings policy, IntervalFunction backoff) {
        return switch (e) {
            case ProviderException.RateLimited r -> pool.hasFreeKey() ? 0
                    : Math.min(r.retryAfter().orElse(Lease.DEFAULT_REST).toMillis(), policy.maxRetryAfter().toMillis());
            case ProviderException.AuthFailed a -> 0;
            case Unavailable u when u.wake() != null ->
                    Math.max(0, Duration.between(clock.instant(), u.wake()).toMillis());
            default -> backoff.apply(attempt);
        };
    }

    private long remainingMillis(long deadline) {
        return Math.max(0, (deadline - ticker.getAsLong()) / 1_000_000);
    }

    /** The request's deadline passed between attempts. */
    private static final class DeadlineExceeded extends RuntimeException {
        DeadlineExceeded() {
            super("deadline exceeded", null, false, false);
        }

        ProviderException timeout(String alias) {
            return new ProviderException.Timeout(alias, "the request's deadline passed before '" + alias + "' answered",
                    null);
        }
    }

}
