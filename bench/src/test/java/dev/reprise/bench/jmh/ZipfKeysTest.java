package dev.reprise.bench.jmh;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ZipfKeysTest {

    @Test
    void should_draw_popular_keys_far_more_often_than_rare_ones() {
        ZipfKeys keys = ZipfKeys.of(100, ZipfKeys.DEFAULT_EXPONENT, 100_000, 1);
        int[] counts = new int[100];
        for (int i = 0; i < keys.length(); i++) {
            counts[keys.next()]++;
        }
        // Zipf(0.99) over 100 keys gives key 0 about 19% of draws and key 99 about 0.2%.
        assertTrue(counts[0] > 15_000 && counts[0] < 23_000, "key 0 drawn " + counts[0] + " times");
        assertTrue(counts[0] > 20 * counts[99], "key 0: " + counts[0] + ", key 99: " + counts[99]);
        assertTrue(counts[1] < counts[0]);
    }

    @Test
    void should_repeat_the_same_sequence_for_the_same_seed() {
        int[] a = draw(ZipfKeys.of(50, 1.1, 1000, 7));
        int[] b = draw(ZipfKeys.of(50, 1.1, 1000, 7));

        assertArrayEquals(a, b);
        assertEquals(a[0], ZipfKeys.of(50, 1.1, 1000, 7).next());
    }

    @Test
    void should_refuse_an_empty_key_space() {
        assertThrows(IllegalArgumentException.class, () -> ZipfKeys.of(0, 1, 10, 1));
    }

    private static int[] draw(ZipfKeys keys) {
        int[] out = new int[keys.length()];
        for (int i = 0; i < out.length; i++) {
            out[i] = keys.next();
        }
        return out;
    }
}
