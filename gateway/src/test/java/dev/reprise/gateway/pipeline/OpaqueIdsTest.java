package dev.reprise.gateway.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class OpaqueIdsTest {

    @Test
    void should_make_32_hex_digits_that_do_not_repeat() {
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 100_000; i++) {
            String id = OpaqueIds.hex128();
            assertTrue(id.matches("[0-9a-f]{32}"), id);
            seen.add(id);
        }
        assertEquals(100_000, seen.size());
    }

    @Test
    void should_make_time_ordered_ids_that_sort_by_their_millisecond() {
        long t0 = 1_796_601_600_000L;
        String first = OpaqueIds.timeOrdered(t0);
        String later = OpaqueIds.timeOrdered(t0 + 1);
        assertTrue(first.matches("[0-9a-f]{32}"), first);
        assertTrue(first.startsWith(String.format("%012x", t0)), first);
        assertTrue(first.compareTo(later) < 0, first + " before " + later);
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 100_000; i++) {
            seen.add(OpaqueIds.timeOrdered(t0));
        }
        assertEquals(100_000, seen.size());
    }
}
