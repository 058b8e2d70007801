package dev.reprise.gateway.ledger;

import java.util.List;

/**
 * The best similarity of each lookup that reached the semantic tier, in equal-width bins from a floor just below
 * the lowest one seen up to 1. Empty when there was none.
 */
public record SimilarityHistogram(List<Bin> bins, long lookups) {

    public SimilarityHistogram {
        bins = List.copyOf(bins);
    }

    /** Similarities in {@code [from, to)}; the last bin includes 1. */
    public record Bin(double from, double to, long count) {
    }
}
