package dev.reprise.cache;

import static dev.reprise.cache.TestEntries.entry;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The semantic tier when a verifier decides, over a real in-memory index and a scripted verifier. */
class VerifiedDecisionTest {

    private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");
    private static final HitPolicy VERIFIED = HitPolicy.contextual(0.95).verifiedBy(new Verification(0.6, 3, 0.8));

    private final TestVectors vectors = new TestVectors(7);
    private final LuceneVectorIndex index = LuceneVectorIndex.open(IndexOptions.defaults(null));
    /** The probability the scripted verifier gives each stored text; the calls it received. */
    private final Map<String, Float> ratings = new java.util.HashMap<>();
    private final List<List<String>> calls = new ArrayList<>();
    private final AnswerVerifier verifier = (question, stored) -> {
        calls.add(List.copyOf(stored));
        float[] out = new float[stored.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = ratings.getOrDefault(stored.get(i), 0f);
        }
        return out;
    };
    private final SemanticCache cache = new SemanticCache(index, verifier);

    @AfterEach
    void close() {
        index.close();
    }

    private CacheEntry store(String text, float[] vector, float rating) {
        CacheEntry e = entry("ns-a", text, vector, NOW).build();
        index.put(e);
        ratings.put(text, rating);
        return e;
    }

    @Test
    void should_serve_a_paraphrase_below_the_cosine_threshold_when_the_verifier_accepts_it() {
        float[] query = vectors.random();
        CacheEntry paraphrase = store("i want my money back for this purchase", vectors.atCosine(query, 0.72), 0.97f);

        SemanticLookup result = cache.lookupSemantic("ns-a", "how do i get a refund", query,
                VERIFIED, NOW);

        assertTrue(result.isHit());
        assertEquals(paraphrase.id(), result.hitEntry().orElseThrow().id());
        assertEquals(0.97f, result.verifierProbability().orElseThrow(), 1e-6);
        assertEquals(1, index.get(paraphrase.id()).orElseThrow().hitCount());
    }

    @Test
    void should_miss_a_near_neighbour_the_verifier_rejects_however_close_its_cosine() {
        float[] query = vectors.random();
        CacheEntry opposite = store("how do i remove a recovery email", vectors.atCosine(query, 0.98), 0.03f);

        SemanticLookup result = cache.lookupSemantic("ns-a", "how do i add a recovery email", query, VERIFIED, NOW);

        assertFalse(result.isHit());
        assertEquals(SemanticLookup.MissReason.VERIFIER_REJECTED, result.missReason());
        assertEquals(opposite.id(), result.best().entry().id());
        assertEquals(0.03f, result.candidates().getFirst().probability(), 1e-6);
    }

    @Test
    void should_serve_the_nearest_candidate_the_verifier_accepts_and_read_no_further() {
        float[] query = vectors.random();
        store("how do i cancel my subscription", vectors.atCosine(query, 0.93), 0.30f);
        CacheEntry accepted = store("how do i cancel my order", vectors.atCosine(query, 0.88), 0.85f);
        store("what is the way to cancel an order i placed", vectors.atCosine(query, 0.80), 0.99f);

        SemanticLookup result = cache.lookupSemantic("ns-a", "how can i cancel the order i placed", query, VERIFIED, NOW);

        assertTrue(result.isHit());
        assertEquals(accepted.id(), result.hitEntry().orElseThrow().id());
        assertEquals(List.of(List.of("how do i cancel my subscription"), List.of("how do i cancel my order")), calls,
                "one pair per model call, best cosine first, none after the first acceptance");
        assertEquals(0.85f, result.verifierProbability().orElseThrow(), 1e-6);
        assertNull(result.candidates().get(2).probability());
    }

    @Test
    void should_serve_a_candidate_at_the_serve_cosine_without_reading_it_and_verify_those_below() {
        HitPolicy trusting = HitPolicy.contextual(0.95).verifiedBy(new Verification(0.6, 3, 0.8, 0.93, 0));
        float[] query = vectors.random();
        CacheEntry close = store("how do i reset my password", vectors.atCosine(query, 0.96), 0.1f);

        SemanticLookup trusted = cache.lookupSemantic("ns-a", "how can i reset my password", query, trusting, NOW);

        assertEquals(close.id(), trusted.hitEntry().orElseThrow().id());
        assertEquals(List.of(), calls, "a cosine at the serve-cosine is served unread");
        assertTrue(trusted.verifierProbability().isEmpty());

        index.deleteWhere(null, null);
        store("how do i reset my username", vectors.atCosine(query, 0.90), 0.1f);
        SemanticLookup below = cache.lookupSemantic("ns-a", "how can i reset my password", query, trusting, NOW);
        assertEquals(SemanticLookup.MissReason.VERIFIER_REJECTED, below.missReason());
        assertEquals(List.of(List.of("how do i reset my username")), calls);
    }

    @Test
    void should_refuse_a_candidate_at_the_serve_cosine_the_verifier_vetoes() {
        HitPolicy vetoing = HitPolicy.contextual(0.95).verifiedBy(new Verification(0.6, 3, 0.9, 0.93, 0.2));
        float[] query = vectors.random();
        store("how do i remove a recovery email", vectors.atCosine(query, 0.98), 0.05f);
        CacheEntry paraphrase = store("how can i add a recovery email", vectors.atCosine(query, 0.95), 0.5f);

        SemanticLookup result = cache.lookupSemantic("ns-a", "how do i add a recovery email", query, vetoing, NOW);

        assertEquals(paraphrase.id(), result.hitEntry().orElseThrow().id(), "0.5 clears the veto bar, not 0.9");
        assertEquals(List.of(List.of("how do i remove a recovery email"), List.of("how can i add a recovery email")),
                calls);
    }

    @Test
    void should_read_even_a_candidate_at_cosine_1_when_the_serve_cosine_is_off() {
        ratings.put("how do i add a recovery email", 0.1f);

        // A pending answer's cosine is computed from two float vectors and can round to 1 for near-identical texts.
        assertEquals(SemanticLookup.MissReason.VERIFIER_REJECTED, SemanticCache.judge(
                "how do i add a recovery e-mail", "how do i add a recovery email", 1.0f, VERIFIED, verifier)
                .orElseThrow());
        assertEquals(List.of(List.of("how do i add a recovery email")), calls);
    }

    @Test
    void should_let_a_guard_veto_a_candidate_at_the_serve_cosine() {
        HitPolicy trusting = HitPolicy.contextual(0.95).verifiedBy(new Verification(0.6, 3, 0.8, 0.93, 0));
        float[] query = vectors.random();
        store("where is order 1234", vectors.atCosine(query, 0.99), 0.99f);

        SemanticLookup result = cache.lookupSemantic("ns-a", "where is order 5678", query, trusting, NOW);

        assertEquals(SemanticLookup.MissReason.GUARD_NUMBERS, result.missReason());
        assertEquals(SemanticLookup.MissReason.GUARD_NUMBERS, SemanticCache.judge("where is order 5678",
                "where is order 1234", 0.99f, trusting, verifier).orElseThrow());
        assertTrue(SemanticCache.judge("how can i reset my password", "how do i reset my username", 0.95f, trusting,
                verifier).isEmpty(), "a pending candidate at the serve-cosine is followed unread");
        assertEquals(List.of(), calls);
    }

    @Test
    void should_read_at_most_the_configured_candidates_above_the_floor() {
        float[] query = vectors.random();
        store("where is my parcel", vectors.atCosine(query, 0.95), 0.1f);
        store("when does my parcel arrive", vectors.atCosine(query, 0.90), 0.1f);
        store("has my parcel shipped", vectors.atCosine(query, 0.85), 0.1f);
        store("track my parcel", vectors.atCosine(query, 0.80), 0.99f);
        store("parcel lost", vectors.atCosine(query, 0.50), 0.99f);

        SemanticLookup result = cache.lookupSemantic("ns-a", "where is my package", query, VERIFIED, NOW);

        assertFalse(result.isHit(), "the fourth candidate is beyond the three the verifier reads");
        assertEquals(List.of(List.of("where is my parcel"), List.of("when does my parcel arrive"),
                List.of("has my parcel shipped")), calls);
        assertNull(result.candidates().get(3).probability());
    }

    @Test
    void should_not_call_the_verifier_when_nothing_reaches_the_recall_floor_or_passes_the_guards() {
        float[] query = vectors.random();
        store("far away", vectors.atCosine(query, 0.4), 0.99f);
        SemanticLookup below = cache.lookupSemantic("ns-a", "close by", query, VERIFIED, NOW);
        assertEquals(SemanticLookup.MissReason.BELOW_THRESHOLD, below.missReason());

        index.deleteWhere(null, null);
        store("where is order 1234", vectors.atCosine(query, 0.97), 0.99f);
        SemanticLookup guarded = cache.lookupSemantic("ns-a", "where is order 5678", query, VERIFIED, NOW);
        assertEquals(SemanticLookup.MissReason.GUARD_NUMBERS, guarded.missReason());

        assertEquals(List.of(), calls);
    }

    @Test
    void should_judge_a_single_pending_candidate_by_the_same_rule() {
        ratings.put("how do i reset my password", 0.9f);
        ratings.put("how do i reset my username", 0.1f);

        assertTrue(SemanticCache.judge("how can i reset my password", "how do i reset my password", 0.7f, VERIFIED,
                verifier).isEmpty());
        assertEquals(SemanticLookup.MissReason.VERIFIER_REJECTED, SemanticCache.judge("how can i reset my password",
                "how do i reset my username", 0.99f, VERIFIED, verifier).orElseThrow());
        assertEquals(SemanticLookup.MissReason.BELOW_THRESHOLD, SemanticCache.judge("how can i reset my password",
                "how do i reset my password", 0.5f, VERIFIED, verifier).orElseThrow());
    }

    @Test
    void should_refuse_a_verifying_policy_on_a_cache_without_a_verifier() {
        SemanticCache plain = new SemanticCache(index);
        float[] query = vectors.random();
        store("anything", vectors.atCosine(query, 0.9), 0.9f);

        assertThrows(IllegalStateException.class, () -> plain.lookupSemantic("ns-a", "q", query, VERIFIED, NOW));
    }

    @Test
    void should_validate_the_rule() {
        assertThrows(IllegalArgumentException.class, () -> new Verification(1.2, 3, 0.5));
        assertThrows(IllegalArgumentException.class, () -> new Verification(0.6, 0, 0.5));
        assertThrows(IllegalArgumentException.class, () -> new Verification(0.6, SemanticCache.CANDIDATES + 1, 0.5));
        assertThrows(IllegalArgumentException.class, () -> new Verification(0.6, 3, Double.NaN));
        assertThrows(IllegalArgumentException.class, () -> new Verification(0.6, 3, 0.5, 1.1, 0));
        assertThrows(IllegalArgumentException.class, () -> new Verification(0.6, 3, 0.5, 0.9, -0.1));
    }
}
