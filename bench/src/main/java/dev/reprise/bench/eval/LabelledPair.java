package dev.reprise.bench.eval;

import java.util.Objects;

/**
 * One line of a pair file: two queries and whether one's answer may be served for the other.
 *
 * @param a    a raw query
 * @param b    another raw query
 * @param same true when a cache hit between them is right
 */
public record LabelledPair(String a, String b, boolean same) {
    public LabelledPair {
        Objects.requireNonNull(a, "a");
        Objects.requireNonNull(b, "b");
    }
}
