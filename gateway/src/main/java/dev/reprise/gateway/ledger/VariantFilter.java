package dev.reprise.gateway.ledger;

import java.time.Instant;
import java.util.Objects;

/**
 * Which requests the variant report reads: those that arrived in a time range (both ends included) and, when
 * {@code alias} is not null, whose variant that alias's split chose. Feedback counts with its request's time.
 */
public record VariantFilter(Instant from, Instant to, String alias) {

    public VariantFilter {
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
    }
}
