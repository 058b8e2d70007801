package dev.reprise.cache;

import static dev.reprise.cache.TestEntries.entry;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Decisions of the two tiers, over a real in-memory Lucene index. */
class SemanticCacheTest {

    private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");
    private static final HitPolicy POLICY = HitPolicy.of(0.9);

    private final TestVectors vectors = new TestVectors(11);
    private final LuceneVectorIndex index = LuceneVectorIndex.open(IndexOptions.defaults(null));
    private final SemanticCache cache = new SemanticCache(index);

    @AfterEach
    void close() {
        index.close();
    }

    private CacheEntry store(String text, float[] vector) {
        CacheEntry e = entry("ns-a", text, vector, NOW).build();
        index.put(e);
        return e;
    }

    @Test
    void should_hit_the_exact_tier_by_key_and_record_the_hit() {
        CacheEntry e = store("what is the refund policy", vectors.random());

        Lookup hit = cache.lookupExact(e.exactKey(), NOW);
        Lookup miss = cache.lookupExact("ns-a:unknown", NOW);

        assertTrue(hit.isHit());
        assertEquals(e.id(), hit.entry().id());
        assertFalse(miss.isHit());
        assertNull(miss.entry());
        assertEquals(1, index.get(e.id()).orElseThrow().hitCount());
    }

    @Test
    void should_hit_the_best_candidate_at_or_above_the_threshold() {
        float[] query = vectors.random();
        CacheEntry best = store("how do i reset my password", vectors.atCosine(query, 0.95));
        store("how do i change my email", vectors.atCosine(query, 0.7));

        SemanticLookup result = cache.lookupSemantic("ns-a", "how can i reset my password", query, POLICY, NOW);

        assertTrue(result.isHit());
        assertEquals(best.id(), result.hitEntry().orElseThrow().id());
        assertNull(result.missReason());
        SemanticLookup report = cache.explainSemantic("ns-a", "how can i reset my password", query, POLICY, NOW);
        assertEquals(List.of(true, false), report.candidates().stream().map(SemanticLookup.Candidate::wouldHit).toList());
        assertEquals(1, index.get(best.id()).orElseThrow().hitCount());
    }

    @Test
    void should_miss_below_the_threshold_and_still_report_the_best_candidate() {
        float[] query = vectors.random();
        CacheEntry near = store("how do i reset my password", vectors.atCosine(query, 0.85));

        SemanticLookup result = cache.lookupSemantic("ns-a", "how can i reset my password", query, POLICY, NOW);

        assertFalse(result.isHit());
        assertEquals(SemanticLookup.MissReason.BELOW_THRESHOLD, result.missReason());
        assertEquals(near.id(), result.best().entry().id());
        assertEquals(0.85, result.best().similarity(), 1e-3);
        assertTrue(result.hitEntry().isEmpty());
        assertEquals(0, index.get(near.id()).orElseThrow().hitCount());
    }

    @Test
    void should_miss_when_a_guard_rejects_the_best_candidate_without_falling_to_the_next() {
        float[] query = vectors.random();
        CacheEntry otherOrder = store("where is order 5678", vectors.atCosine(query, 0.97));
        CacheEntry sameOrder = store("where is order 1234 now", vectors.atCosine(query, 0.92));

        SemanticLookup result = cache.lookupSemantic("ns-a", "where is order 1234", query, POLICY, NOW);

        assertFalse(result.isHit());
        assertEquals(SemanticLookup.MissReason.GUARD_NUMBERS, result.missReason());
        assertEquals(otherOrder.id(), result.best().entry().id());
        SemanticLookup report = cache.explainSemantic("ns-a", "where is order 1234", query, POLICY, NOW);
        assertEquals(List.of(otherOrder.id(), sameOrder.id()),
                report.candidates().stream().map(c -> c.entry().id()).toList());
        assertEquals(List.of(false, true), report.candidates().stream().map(SemanticLookup.Candidate::wouldHit).toList());
        assertEquals(0, index.get(sameOrder.id()).orElseThrow().hitCount());
    }

    @Test
    void should_miss_when_negation_disagrees() {
        float[] query = vectors.random();
        store("my card is working", vectors.atCosine(query, 0.96));

        SemanticLookup result = cache.lookupSemantic("ns-a", "my card is not working", query, POLICY, NOW);

        assertEquals(SemanticLookup.MissReason.GUARD_NEGATION, result.missReason());
    }

    @Test
    void should_hit_despite_the_guards_when_they_are_off() {
        float[] query = vectors.random();
        store("my card is working", vectors.atCosine(query, 0.96));

        SemanticLookup result = cache.lookupSemantic("ns-a", "my card is not working", query,
                new HitPolicy(0.9, HitPolicy.Guards.NONE), NOW);

        assertTrue(result.isHit());
    }

    @Test
    void should_miss_as_empty_when_the_namespace_has_no_candidates() {
        store("hello", vectors.random());

        SemanticLookup result = cache.lookupSemantic("ns-other", "hello", vectors.random(), POLICY, NOW);

        assertEquals(SemanticLookup.MissReason.EMPTY, result.missReason());
        assertNull(result.best());
        assertEquals(List.of(), result.candidates());
    }

    @Test
    void should_fetch_ten_candidates_for_the_report_and_load_only_the_best_on_the_hit_path() {
        float[] query = vectors.random();
        for (int i = 0; i < 14; i++) {
            store("question " + i, vectors.atCosine(query, 0.5 + i * 0.01));
        }

        SemanticLookup explained = cache.explainSemantic("ns-a", "q", query, POLICY, NOW);
        SemanticLookup looked = cache.lookupSemantic("ns-a", "q", query, POLICY, NOW);

        assertEquals(10, explained.candidates().size());
        assertEquals(1, looked.candidates().size());
        assertEquals(explained.best().entry().id(), looked.best().entry().id());
        assertEquals("question 13", looked.best().entry().matchedText());
        assertEquals(explained.decision(), looked.decision());
    }

    @Test
    void should_explain_without_recording_a_hit() {
        float[] query = vectors.random();
        CacheEntry e = store("how do i reset my password", vectors.atCosine(query, 0.95));

        assertTrue(cache.explainSemantic("ns-a", "how do i reset my password", query, POLICY, NOW).isHit());
        assertEquals(0, index.get(e.id()).orElseThrow().hitCount());
    }

    @Test
    void should_reject_thresholds_outside_zero_to_one() {
        var error = assertThrows(IllegalArgumentException.class, () -> HitPolicy.of(1.5));
        assertEquals("threshold must be between 0 and 1, got 1.5", error.getMessage());
        assertThrows(IllegalArgumentException.class, () -> HitPolicy.of(-0.1));
        assertThrows(IllegalArgumentException.class, () -> HitPolicy.of(Double.NaN));
    }
}
