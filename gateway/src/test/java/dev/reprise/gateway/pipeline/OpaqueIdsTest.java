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
}
