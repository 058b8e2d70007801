package dev.reprise.testing.hostile;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The corpus is a pure function of its seed, and every prefix of one round holds each family once. */
class HostileCorpusTest {

    private static final HostileTarget TARGET = new HostileTarget("mock", "sk-x", "adm-x", 64 << 10);

    private static List<HostileRequest> take(long seed, int n) {
        HostileCorpus corpus = new HostileCorpus(TARGET, seed, n);
        List<HostileRequest> out = new ArrayList<>();
        HostileRequest r;
        while ((r = corpus.next()) != null) {
            out.add(r);
        }
        return out;
    }

    @Test
    void should_make_the_same_bytes_from_the_same_seed() {
        List<HostileRequest> a = take(7, 100);
        List<HostileRequest> b = take(7, 100);
        List<HostileRequest> c = take(8, 100);

        assertEquals(100, a.size());
        for (int i = 0; i < a.size(); i++) {
            assertTrue(Arrays.equals(a.get(i).raw(), b.get(i).raw()), "request " + i + " differs");
        }
        assertFalse(Arrays.equals(a.get(1).raw(), c.get(1).raw()) && Arrays.equals(a.get(5).raw(), c.get(5).raw())
                && Arrays.equals(a.get(9).raw(), c.get(9).raw()), "another seed, other requests");
    }

    @Test
    void should_take_every_family_in_turn_and_stop_at_its_size() {
        HostileCorpus corpus = new HostileCorpus(TARGET, 1, HostileFamily.values().length);
        Set<String> families = new HashSet<>();
        for (int i = 0; i < HostileFamily.values().length; i++) {
            families.add(corpus.next().family());
        }

        assertEquals(HostileFamily.values().length, families.size());
        assertNull(corpus.next());
    }
}
