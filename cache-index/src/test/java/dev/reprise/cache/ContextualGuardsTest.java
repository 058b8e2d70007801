package dev.reprise.cache;

import static dev.reprise.cache.TestEntries.entry;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The contextual guards, and the decision on precomputed candidates that the offline evaluator replays. */
class ContextualGuardsTest {

    @ParameterizedTest(name = "\"{0}\" vs \"{1}\" -> {2}")
    @CsvSource(delimiter = '|', value = {
            // Still vetoed: the texts share their words, only the polarity or the number differs.
            "my card is not working            | my card is working                   | GUARD_NEGATION",
            "i can't log in                    | i can log in                         | GUARD_NEGATION",
            "login without a password          | login with a password                | GUARD_NEGATION",
            "order 1234                        | order 5678                           | GUARD_NUMBERS",
            "two accounts                      | three accounts                       | GUARD_NUMBERS",
            "one account                       | 1 account                            | GUARD_NUMBERS",
            // No longer vetoed: measured false rejections on support queries.
            "where is my virtual card located  | i can't find the virtual card        | ",
            "i got charged a fee that shouldn't be there | i have been charged a fee for getting cash | ",
            "i can't find my card              | where is my card                     | ",
            "can i have a virtual card         | what is a virtual card and how do i get one | ",
            "is exchanging currencies one of your services | does this app exchange currencies | ",
            "two accounts                      | 2 accounts                           | ",
    })
    void should_veto_only_in_context(String query, String candidate, String expected) {
        Optional<SemanticLookup.MissReason> want = expected == null
                ? Optional.empty()
                : Optional.of(SemanticLookup.MissReason.valueOf(expected));

        assertEquals(want, HitGuards.rejection(query, candidate, HitPolicy.Guards.CONTEXTUAL));
        assertEquals(want, HitGuards.rejection(candidate, query, HitPolicy.Guards.CONTEXTUAL), "symmetric");
    }

    @Test
    void should_keep_the_strict_guards_unchanged_by_default() {
        assertEquals(new HitPolicy.Guards(true, true, false), HitPolicy.Guards.ALL);
        assertFalse(HitPolicy.of(0.9).guards().contextual());
        assertTrue(HitPolicy.contextual(0.9).guards().contextual());
        assertEquals(Optional.of(SemanticLookup.MissReason.GUARD_NEGATION),
                HitGuards.rejection("where is my virtual card located", "i can't find the virtual card",
                        HitPolicy.Guards.ALL));
        assertEquals(Optional.of(SemanticLookup.MissReason.GUARD_NUMBERS),
                HitGuards.rejection("can i have a virtual card", "how do i get one", HitPolicy.Guards.ALL));
    }

    @Test
    void should_measure_word_overlap_without_negation_words() {
        assertEquals(1.0, HitGuards.wordOverlap("my card is not working", "My card is working."), 1e-12);
        assertEquals(0.0, HitGuards.wordOverlap("alpha", "beta"), 1e-12);
        assertEquals(0.5, HitGuards.wordOverlap("a b c", "a b d"), 1e-12);
    }

    @Test
    void should_decide_on_given_candidates_as_the_index_lookup_does() {
        TestVectors vectors = new TestVectors(3);
        Instant now = Instant.parse("2026-01-01T00:00:00Z");
        float[] query = vectors.random();
        CacheEntry near = entry("ns", "my card is working", vectors.atCosine(query, 0.97), now).build();
        CacheEntry far = entry("ns", "my card is not working", vectors.atCosine(query, 0.8), now).build();
        List<ScoredEntry> candidates = List.of(new ScoredEntry(near, 0.97f), new ScoredEntry(far, 0.8f));

        SemanticLookup strict = SemanticCache.decide("my card is not working", candidates, HitPolicy.of(0.9));
        SemanticLookup bare = SemanticCache.decide("my card is not working", candidates,
                new HitPolicy(0.9, HitPolicy.Guards.NONE));

        assertEquals(SemanticLookup.MissReason.GUARD_NEGATION, strict.missReason(), "never falls to the next-best");
        assertEquals(near, strict.best().entry());
        assertTrue(bare.isHit());
        assertFalse(bare.candidates().get(1).wouldHit(), "below the threshold");
        assertEquals(SemanticLookup.MissReason.EMPTY, SemanticCache.decide("q", List.of(), HitPolicy.of(0.9)).missReason());
    }
}
