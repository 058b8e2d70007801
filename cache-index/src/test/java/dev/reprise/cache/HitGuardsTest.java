package dev.reprise.cache;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class HitGuardsTest {

    @ParameterizedTest(name = "\"{0}\" vs \"{1}\" -> {2}")
    @CsvSource(delimiter = '|', value = {
            "order 1234               | order 5678                 | GUARD_NUMBERS",
            "order 48213              | order 48231                | GUARD_NUMBERS",
            "two accounts             | 2 accounts                 | ",
            "turn on 2fa              | enable 2fa                 | ",
            "my card is not working   | my card is working         | GUARD_NEGATION",
            "my card is not working   | my card is not working     | ",
            "what is the refund policy| what is the refund policy  | ",
            "meet at 3pm              | meet at 4pm                | GUARD_NUMBERS",
            "refund $50               | refund $500                | GUARD_NUMBERS",
            "ticket a12-b status      | ticket a13-b status        | GUARD_NUMBERS",
            "order #1234?             | what about order 1234      | ",
            "pay 1,000 dollars        | pay 1000 dollars           | ",
            "1 2 2                    | 2 1 1                      | GUARD_NUMBERS",
            "i can't log in           | i can log in               | GUARD_NEGATION",
            "i cant log in            | i cannot log in            | ",
            "login without a password | login with a password      | GUARD_NEGATION",
            "is 5g faster than 4g     | is 5g quicker than 4g      | ",
            "order 1234 is not here   | order 5678 is here         | GUARD_NUMBERS",
    })
    void should_judge_text_pairs(String query, String candidate, String expected) {
        Optional<SemanticLookup.MissReason> want = expected == null
                ? Optional.empty()
                : Optional.of(SemanticLookup.MissReason.valueOf(expected));

        assertEquals(want, HitGuards.rejection(query, candidate, HitPolicy.Guards.ALL));
        assertEquals(want, HitGuards.rejection(candidate, query, HitPolicy.Guards.ALL), "symmetric");
    }

    @Test
    void should_skip_guards_that_are_off() {
        assertEquals(Optional.empty(), HitGuards.rejection("order 1234", "order 5678", new HitPolicy.Guards(false, true)));
        assertEquals(Optional.empty(), HitGuards.rejection("not working", "working", new HitPolicy.Guards(true, false)));
        assertEquals(Optional.empty(), HitGuards.rejection("order 1 not", "order 2", HitPolicy.Guards.NONE));
    }

    @Test
    void should_count_number_tokens_with_multiplicity_and_ignore_terms_with_digits() {
        assertEquals(Map.of("2", 2, "1234", 1), HitGuards.numberTokens("Two orders: 1234 and 2 more, via 2FA on 5G"));
    }
}
