package dev.reprise.bench.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class RocAucTest {

    @Test
    void should_count_ordered_pairs_of_positives_over_negatives() {
        // 0.9 and 0.8 beat both negatives, 0.4 beats only 0.3: 5 of 6 pairs.
        assertEquals(5.0 / 6, RocAuc.of(new double[] {0.9, 0.8, 0.4}, new double[] {0.7, 0.3}), 1e-12);
    }

    @Test
    void should_count_ties_as_half() {
        assertEquals(0.5, RocAuc.of(new double[] {0.5}, new double[] {0.5}), 1e-12);
        assertEquals(0.75, RocAuc.of(new double[] {0.5, 0.9}, new double[] {0.5}), 1e-12);
    }

    @Test
    void should_be_one_for_a_perfect_split_and_zero_for_an_inverted_one() {
        assertEquals(1.0, RocAuc.of(new double[] {0.8, 0.9}, new double[] {0.1, 0.2}), 1e-12);
        assertEquals(0.0, RocAuc.of(new double[] {0.1, 0.2}, new double[] {0.8, 0.9}), 1e-12);
    }

    @Test
    void should_be_undefined_without_both_classes() {
        assertTrue(Double.isNaN(RocAuc.of(new double[] {0.5}, new double[0])));
    }
}
