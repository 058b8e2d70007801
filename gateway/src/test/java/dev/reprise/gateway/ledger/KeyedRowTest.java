package dev.reprise.gateway.ledger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class KeyedRowTest {

    private static final long T0 = 1_796_601_600_000L; // 2026-12-07T00:00:00Z

    @Test
    void should_make_version_7_keys_that_carry_the_rows_time() {
        UUID key = UUID.fromString(KeyedRow.key(T0));
        assertEquals(7, key.version());
        assertEquals(2, key.variant());
        assertEquals(T0, key.getMostSignificantBits() >>> 16);
    }

    @Test
    void should_sort_keys_by_time_and_never_repeat_one_within_a_millisecond() {
        List<String> inOrder = new ArrayList<>();
        for (long ms = T0; ms < T0 + 1_000; ms += 7) {
            inOrder.add(KeyedRow.key(ms));
        }
        assertEquals(inOrder.stream().sorted().toList(), inOrder, "string order is time order");

        Set<String> sameMillisecond = new HashSet<>();
        for (int i = 0; i < 100_000; i++) {
            sameMillisecond.add(KeyedRow.key(T0));
        }
        assertEquals(100_000, sameMillisecond.size());
        assertTrue(sameMillisecond.stream().allMatch(k -> k.startsWith(KeyedRow.key(T0).substring(0, 13))));
    }
}
