package dev.reprise.gateway.shadow;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Which requests a candidate shadows: a share of them, the same ones every time, independently per candidate. */
class ShadowTargetTest {

    private static final List<String> IDS = IntStream.range(0, 10_000).mapToObj(i -> "req_" + i).toList();

    @Test
    void should_pick_about_its_share_and_the_same_requests_every_time() {
        ShadowTarget tenth = new ShadowTarget("candidate", 0.1);
        List<String> picked = IDS.stream().filter(tenth::picks).toList();
        // 10,000 draws at p = 0.1: the standard deviation is 30, so 900-1100 is more than three of them either way.
        assertTrue(picked.size() > 900 && picked.size() < 1_100, "picked " + picked.size());
        assertEquals(picked, IDS.stream().filter(new ShadowTarget("candidate", 0.1)::picks).toList());
        assertEquals(IDS.size(), IDS.stream().filter(new ShadowTarget("candidate", 1.0)::picks).count());
    }

    @Test
    void should_pick_independently_for_two_candidates_and_grow_the_picks_with_the_share() {
        List<String> a = IDS.stream().filter(new ShadowTarget("a", 0.1)::picks).toList();
        List<String> b = IDS.stream().filter(new ShadowTarget("b", 0.1)::picks).toList();
        assertNotEquals(a, b);
        List<String> wider = IDS.stream().filter(new ShadowTarget("a", 0.3)::picks).toList();
        assertTrue(wider.containsAll(a), "a larger share keeps every request a smaller one picked");
    }

    @Test
    void should_refuse_a_share_outside_zero_to_one() {
        assertThrows(IllegalArgumentException.class, () -> new ShadowTarget("a", 0));
        assertThrows(IllegalArgumentException.class, () -> new ShadowTarget("a", 1.01));
    }
}
