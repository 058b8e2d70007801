package dev.reprise.gateway.guardrails;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A streamed answer redacted piece by piece must read exactly as the whole answer redacted at once, wherever the
 * pieces are cut, and hold back no more than the end that may still be a value.
 */
class StreamRedactorTest {

    private static final PiiDetector DETECTOR = new PiiDetector();
    private static final Set<PiiType> ALL = Set.of(PiiType.values());

    /** The whole answer redacted at once: what a plain answer gets. */
    private static String whole(String text) {
        return new Redaction(DETECTOR, ALL).redactAnswer(text);
    }

    /** {@code pieces} through one stream's redactor, each piece's output then the flush, joined. */
    private static String streamed(List<String> pieces) {
        StreamRedactor redactor = new StreamRedactor(DETECTOR, new Redaction(DETECTOR, ALL));
        StringBuilder out = new StringBuilder();
        pieces.forEach(p -> out.append(redactor.next(p)));
        return out.append(redactor.flush()).toString();
    }

    private static List<String> chars(String text) {
        return text.chars().mapToObj(c -> String.valueOf((char) c)).toList();
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "Write to help.desk@example.net. We answer within a day.",
            "Your card 4527 8301 9366 1028 was charged twice, card 5376-0411-8822-9503 was not.",
            "Call +44 20 7946 0321 or (415) 555-0199; IBAN GB78 BARC 2003 8447 2910 53 pays.",
            "Order 100293847561 shipped on 2024-03-15 from 192.168.10.24, v1.2.3.4, key sk-proj-Xq81vLmN02pZtRw7yUbKcE5dHf9gJa3s"
    })
    void should_redact_a_value_split_at_every_position_as_the_whole_answer(String text) {
        String expected = whole(text);
        for (int i = 1; i < text.length(); i++) {
            assertEquals(expected, streamed(List.of(text.substring(0, i), text.substring(i))), "split at " + i);
        }
        assertEquals(expected, streamed(chars(text)), "one character a piece");
    }

    @Test
    void should_keep_the_answers_numbering_after_the_requests_own_placeholders() {
        Redaction redaction = new Redaction(DETECTOR, ALL);
        redaction.redact("I am ana@example.com");
        StreamRedactor redactor = new StreamRedactor(DETECTOR, redaction);
        String out = redactor.next("Hi ana@exam") + redactor.next("ple.com, write to help@exa")
                + redactor.next("mple.net") + redactor.flush();
        assertEquals("Hi [EMAIL_1], write to [EMAIL_2]", out);
        assertEquals(java.util.Map.of(PiiType.EMAIL, 2), redaction.answerFindings());
        assertEquals(java.util.Map.of("[EMAIL_1]", "ana@example.com"), redaction.restorable(),
                "the answer's own address is never restored");
    }

    @Test
    void should_hold_back_only_the_end_that_may_still_become_a_value() {
        StreamRedactor redactor = new StreamRedactor(DETECTOR, new Redaction(DETECTOR, ALL));
        assertEquals("Thanks for waiting, ", redactor.next("Thanks for waiting, "));
        assertEquals(0, redactor.held());
        assertEquals("your ", redactor.next("your card"), "a word may be an address's start");
        assertEquals("card".length(), redactor.held());
        assertEquals("card ending ", redactor.next(" ending 4527 8301"));
        assertEquals("4527 8301".length(), redactor.held(), "a digit group may be part of a card or a phone number");
        assertEquals("", redactor.next(" 9366 1028"));
        assertEquals("[CARD_1] is blocked.", redactor.next(" is blocked.") + redactor.flush());
    }

    /** Every text of the detector's table, in sentences, cut at random places: still the whole answer's redaction. */
    @Test
    void should_match_the_whole_answer_for_the_detector_table_cut_anywhere() {
        List<String> texts = List.of(
                "write to maria.lopez+billing@example-shop.co.uk today", "contact: j_doe@mail.example.org.",
                "call me on +14155550134 please", "reach us at (415) 555-0199 after 5pm", "office 415-555-0176",
                "UK mobile 07700 900461", "Paris 01 42 68 53 00", "German +49 (30) 1234 5678 line",
                "my card is 4527830193661028 exp 04/29", "amex 3782 144930 55173", "discover 6011982736450191.",
                "pay to DE39370502991234567890 by Friday", "FR7630006000011234567890189", "NL81RABO0312345678",
                "SSN 512-38-4471 on file", "ssn: 078-05-1121", "from 8.8.4.4, then",
                "host 2001:db8:85a3::8a2e:370:7334 refused", "full fe80:0:0:0:202:b3ff:fe1e:8329 addr",
                "use sk-ant-api03-Rt5yWq2LmZx9PbVn4KcD8sJf", "AWS AKIAZ7Q3M5N8R2T4W6YB leaked",
                "token ghp_a8Kd02LmQz7Rt5yWq2LmZx9PbVn4KcD8sJf1", "slack xoxb-2048-77120-Qz7Rt5yWq2Lm",
                "bearer Zm9vYmFyQmF6UXV4N2s5TDJwUnQ0dlc4eU1uQjNj",
                "my order number is 100293847561 and it has not arrived", "invoice INV-20240315-0042 is overdue",
                "tracking 1Z999AA10123456784 shows delivered", "born 03/15/1987, moved 15.03.2004",
                "it costs $1,299.99 or 1.299,99 EUR", "total 12 345 678 units sold",
                "upgrade from v1.2.3.4 to version 10.0.19045.3803", "card 4527830193661029 was declined",
                "IBAN DE38370502991234567890 bounced", "the time was 12:30:45 exactly",
                "MAC 00:1a:2b:3c:4d:5e on the router", "score 256.1.1.1 is not an address",
                "ISBN 978-3-16-148410-0 in stock", "numbers 1234567890123456 are not a card");
        String text = String.join(" ", texts);
        String expected = whole(text);
        Random random = new Random(15);
        for (int round = 0; round < 200; round++) {
            List<String> pieces = new ArrayList<>();
            for (int at = 0; at < text.length(); ) {
                int next = Math.min(text.length(), at + 1 + random.nextInt(12));
                pieces.add(text.substring(at, next));
                at = next;
            }
            assertEquals(expected, streamed(pieces), "round " + round);
        }
        assertEquals(expected, streamed(chars(text)));
    }

    @Test
    void should_hold_back_at_most_its_bound_of_an_unbroken_run_and_still_redact_a_long_secret_in_it() {
        StreamRedactor redactor = new StreamRedactor(DETECTOR, new Redaction(DETECTOR, ALL));
        // 6,000 random letters and digits: one long high-entropy token, which may still be an address's start.
        Random random = new Random(7);
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
        StringBuilder token = new StringBuilder();
        for (int i = 0; i < 6_000; i++) {
            token.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        String run = token.toString();
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < run.length(); i += 10) {
            out.append(redactor.next(run.substring(i, i + 10)));
            assertTrue(redactor.held() <= StreamRedactor.MAX_HELD, "held " + redactor.held() + " at " + i);
        }
        out.append(redactor.flush());

        assertFalse(out.toString().contains(run.substring(3_000, 3_040)), "each released part is redacted as a secret");
        assertTrue(out.toString().matches("(\\[SECRET_\\d+])+"), out.toString());
    }
}
