package dev.reprise.gateway.upstream;

import dev.reprise.gateway.routing.AliasRoute;
import dev.reprise.models.provider.ProviderException;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

/** How open-circuited deployments are told: to the client when nothing could be called, and in the log. */
final class OpenCircuits {

    /** The Retry-After of a refusal while the only breakers in the way are half-open, probing. */
    static final Duration HALF_OPEN_RETRY_AFTER = Duration.ofSeconds(1);

    private OpenCircuits() {
    }

    /**
     * The refusal of a request routed to {@code routed} when every deployment of its chain is open-circuited:
     * which ones, when each is tried again, and a Retry-After until the first.
     */
    static ProviderException.CircuitOpen refusal(AliasRoute routed, List<Unavailable.OpenCircuit> circuits,
                                                 Instant now) {
        Instant first = circuits.stream().map(Unavailable.OpenCircuit::reopensAt).filter(Objects::nonNull)
                .min(Comparator.naturalOrder()).orElse(null);
        // A half-open breaker waits for its probe, which has no set time: ask the client back shortly.
        Duration retryAfter = first == null ? HALF_OPEN_RETRY_AFTER : Duration.ofSeconds(waitSeconds(now, first));
        String message = "No upstream call was made for model '" + routed.alias() + "'"
                + (routed.fallbacks().isEmpty() ? "" : " or its fallbacks")
                + ": every deployment that could serve it is open-circuited after repeated failures. "
                + describe(circuits, now) + ". Retry in " + retryAfter.toSeconds() + "s.";
        return new ProviderException.CircuitOpen(routed.deployments().getFirst().primary().provider().configName(),
                message, retryAfter);
    }

    /** Each deployment, and when it lets a probe through. */
    static String describe(List<Unavailable.OpenCircuit> circuits, Instant now) {
        return circuits.stream().map(c -> c.reopensAt() == null
                        ? c.deployment() + " is half-open, waiting for its probe call"
                        : c.deployment() + " is open-circuited until " + toSecond(c.reopensAt())
                        + " (tried again in " + waitSeconds(now, c.reopensAt()) + "s)")
                .collect(Collectors.joining("; "));
    }

    /** {@code t} rounded up to the whole second, as people read a time. */
    static Instant toSecond(Instant t) {
        Instant whole = t.truncatedTo(ChronoUnit.SECONDS);
        return whole.equals(t) ? t : whole.plusSeconds(1);
    }

    /** Whole seconds from {@code now} to {@code then}, rounded up and at least 1, as a client would wait. */
    static long waitSeconds(Instant now, Instant then) {
        long millis = Math.max(0, Duration.between(now, then).toMillis());
        return Math.max(1, (millis + 999) / 1000);
    }
}
