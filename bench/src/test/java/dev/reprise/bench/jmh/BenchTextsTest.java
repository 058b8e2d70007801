package dev.reprise.bench.jmh;

import dev.reprise.embeddings.TextNormalizer;
import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BenchTextsTest {

    @Test
    void should_keep_paraphrases_apart_from_the_stored_question_after_normalisation() {
        TextNormalizer normalizer = new TextNormalizer();
        Set<String> seen = new HashSet<>(List.of(normalizer.normalize(BenchTexts.STORED_QUESTION)));

        for (String p : BenchTexts.PARAPHRASES) {
            assertTrue(seen.add(normalizer.normalize(p)), "'" + p + "' would be an exact hit, not a semantic one");
        }
    }

    @Test
    void should_give_a_long_query_of_about_130_words() {
        int words = BenchTexts.LONG_QUERY.split("\\s+").length;

        assertTrue(words >= 125 && words <= 135, words + " words");
    }

    @Test
    void should_build_distinct_questions_and_unique_ones_without_digits() {
        assertEquals(100, new HashSet<>(BenchTexts.questions(100)).size());
        assertEquals(BenchTexts.STORED_QUESTION, BenchTexts.questions(1).getFirst());
        assertNotEquals(BenchTexts.uniqueQuestion(1), BenchTexts.uniqueQuestion(2));
        assertTrue(BenchTexts.uniqueQuestion(123_456).chars().noneMatch(Character::isDigit));
    }
}
