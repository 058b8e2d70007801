package dev.reprise.bench.compare;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

class JudgeScoreTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "Score: 4|4",
            "score = 5. The answer is complete.|5",
            "**Score:** 3\\nIt misses the refund policy.|3",
            "I would give it 2/5 because step 3 is wrong.|2",
            "4 out of 5: good, but long.|4",
            "{\"score\": 1, \"reason\": \"wrong\"}|1",
            "```json\\n{\"score\": \"5\"}\\n```|5",
            "5|5",
            "**4**|4",
            "3. The answer covers 2 of the 4 points.|3",
    })
    void should_read_the_score_however_the_judge_phrases_it(String reply, int expected) {
        assertEquals(expected, JudgeScore.parse(reply.replace("\\n", "\n")));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "I cannot grade this.", "Score: 7", "Score: 0", "Score: 3.5", "The answer lists 10 steps.",
            "{\"score\": 9}"})
    void should_give_no_score_when_the_reply_has_none_in_range(String reply) {
        assertNull(JudgeScore.parse(reply));
    }
}
