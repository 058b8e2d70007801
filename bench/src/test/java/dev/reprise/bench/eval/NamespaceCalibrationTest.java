package dev.reprise.bench.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class NamespaceCalibrationTest {

    @Test
    void should_bound_no_wrong_label_in_540_by_half_a_percent_and_not_in_530() {
        assertTrue(NamespaceCalibration.wilsonUpper(0, 540) <= 0.005);
        assertTrue(NamespaceCalibration.wilsonUpper(0, 530) > 0.005);
    }

    @Test
    void should_set_the_bar_above_the_judged_wrong_labels() {
        NamespaceCalibration c = new NamespaceCalibration(0.05);
        for (int i = 0; i < 100; i++) {
            c.add(0.90f + i * 0.0005f, true);
        }
        assertEquals(Float.POSITIVE_INFINITY, new NamespaceCalibration(0.05).bar(), "no labels, no bar");
        assertEquals(0.90f, c.bar(), 1e-6, "100 right labels bound the wrong share by 2.6%");

        for (int i = 0; i < 20; i++) {
            c.add(0.85f, false);
        }
        assertEquals(0.90f, c.bar(), 1e-6, "wrong labels below the bar leave it");
        c.add(0.95f, false);
        c.add(0.94f, false);
        assertTrue(c.bar() > 0.94f, "two wrong in the top labels raise it: " + c.bar());
    }
}
