package dev.reprise.gateway.ledger;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/** A usage report's range (both ends included) and its one or two grouping dimensions. */
public record UsageQuery(Instant from, Instant to, List<UsageDimension> groupBy) {

    public UsageQuery {
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        groupBy = List.copyOf(groupBy);
        if (groupBy.isEmpty() || groupBy.size() > 2) {
            throw new IllegalArgumentException("one or two dimensions, got " + groupBy);
        }
    }
}
