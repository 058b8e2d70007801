package dev.reprise.gateway.guardrails;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Placeholders put back into a streamed answer wherever its pieces are cut, holding back only a possible one. */
class StreamRestorerTest {

    private static final Map<String, String> VALUES = Map.of("[CARD_1]", "4527 8301 9366 1028",
            "[EMAIL_1]", "ana@example.com", "[EMAIL_2]", "bo@example.org");

    private static String streamed(List<String> pieces) {
        StreamRestorer restorer = new StreamRestorer(VALUES);
        StringBuilder out = new StringBuilder();
        pieces.forEach(p -> out.append(restorer.next(p)));
        return out.append(restorer.flush()).toString();
    }

    @Test
    void should_restore_a_placeholder_split_at_every_position() {
        String text = "Card [CARD_1] is yours, [EMAIL_1] and [EMAIL_2] are told; [EMAIL_3] and [x] stay.";
        String expected = "Card 4527 8301 9366 1028 is yours, ana@example.com and bo@example.org are told; "
                + "[EMAIL_3] and [x] stay.";
        for (int i = 1; i < text.length(); i++) {
            assertEquals(expected, streamed(List.of(text.substring(0, i), text.substring(i))), "split at " + i);
            for (int j = i + 1; j < text.length(); j++) {
                assertEquals(expected, streamed(List.of(text.substring(0, i), text.substring(i, j), text.substring(j))),
                        "split at " + i + " and " + j);
            }
        }
    }

    @Test
    void should_hold_back_only_from_an_open_bracket_that_begins_a_placeholder() {
        StreamRestorer restorer = new StreamRestorer(VALUES);
        assertEquals("Your card ", restorer.next("Your card [CA"));
        assertEquals(3, restorer.held());
        assertEquals("4527 8301 9366 1028 and a list ", restorer.next("RD_1] and a list ["));
        assertEquals("[1, 2]", restorer.next("1, 2]"), "not a placeholder's start: sent at once");
        assertEquals(" ", restorer.next(" [CARD_1"));
        assertEquals("[CARD_1".length(), restorer.held());
        assertEquals("[CARD_12]", restorer.next("2]") + restorer.flush(), "no such placeholder");
    }
}
