package dev.reprise.gateway.judge;

import dev.reprise.cache.CacheEntry;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The group rule on judged labels: a group serves from its lowest yes up, and nothing at or below a judged no. */
class JudgeEvidenceTest {

    static final Instant T0 = Instant.parse("2026-12-06T10:00:00Z");

    static JudgeLabel label(String group, String candidate, String alias, float similarity, boolean same) {
        return new JudgeLabel(T0, "ns", "t", group, candidate, alias, "cached", "new", similarity, same);
    }

    static CacheEntry entry(String id) {
        return CacheEntry.builder().id(id).namespace("ns").tenant("t").modelAlias("bot").matchedText("q")
                .exactKey("k-" + id).payload(new byte[0]).createdAt(T0).build();
    }

    @Test
    void should_serve_a_group_from_its_lowest_yes_up_and_through_every_member() {
        JudgeEvidence evidence = JudgeEvidence.of(List.of(label("a", "a", "b", 0.83f, true)), 1);
        assertTrue(evidence.serves(entry("a"), 0.83f));
        assertTrue(evidence.serves(entry("b"), 0.90f), "the alias speaks for its group");
        assertFalse(evidence.serves(entry("a"), 0.82f), "below the lowest judged yes");
        assertFalse(evidence.serves(entry("c"), 0.99f), "a group without labels");
        assertEquals("a", evidence.groupOf("b"));
    }

    @Test
    void should_not_serve_at_or_below_a_judged_no() {
        JudgeEvidence evidence = JudgeEvidence.of(List.of(label("a", "a", "b", 0.83f, true),
                label("a", "a", null, 0.86f, false)), 1);
        assertFalse(evidence.serves(entry("a"), 0.85f));
        assertFalse(evidence.serves(entry("a"), 0.86f));
        assertTrue(evidence.serves(entry("a"), 0.87f));
    }

    @Test
    void should_need_min_yes_judged_yeses() {
        JudgeEvidence evidence = JudgeEvidence.of(List.of(label("a", "a", "b", 0.83f, true)), 2);
        assertFalse(evidence.serves(entry("a"), 0.90f));
        evidence.add(label("a", "b", "c", 0.88f, true));
        assertTrue(evidence.serves(entry("c"), 0.90f));
        assertTrue(evidence.serves(entry("a"), 0.84f), "the group's lowest yes stays 0.83");
    }

    @Test
    void should_merge_what_the_new_entry_had_learnt_as_a_candidate_into_its_new_group() {
        // "b" was a candidate first (a no at 0.90 on its own group, and a yes that joined "d" at 0.85); then the
        // judge found "b" answered by "a" at 0.83.
        JudgeEvidence evidence = JudgeEvidence.of(List.of(label("b", "b", null, 0.90f, false),
                label("b", "b", "d", 0.85f, true), label("a", "a", "b", 0.83f, true)), 1);
        assertEquals("a", evidence.groupOf("d"), "b's members follow it into a's group");
        assertFalse(evidence.serves(entry("a"), 0.88f), "b's no at 0.90 now stops the merged group");
        assertTrue(evidence.serves(entry("d"), 0.91f));
        assertFalse(evidence.serves(entry("a"), 0.82f));
    }
}
