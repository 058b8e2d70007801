package dev.reprise.bench.guardrails.pii;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.reprise.gateway.guardrails.PiiFinding;
import dev.reprise.gateway.guardrails.PiiType;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Recall, precision and the false-positive counts on a hand-made list whose answers are worked out below. */
class PiiTallyTest {

    private static PiiSample planted(PiiType type, boolean listed, String text, String value) {
        int at = text.indexOf(value);
        return new PiiSample("id", PiiSample.HELD_OUT, PiiSample.Source.PLANTED,
                type.configName() + (listed ? "" : ", other"), type, listed, text, at, at + value.length());
    }

    private static PiiFinding at(PiiType type, String text, String part, int extra) {
        int start = text.indexOf(part);
        return new PiiFinding(type, start, start + part.length() + extra);
    }

    private static final String CARD_TEXT = "pay 4111111111111111 now";
    private static final String DOTS_TEXT = "card 4111.1111.1111.1111";
    private static final String PAREN_TEXT = "call (+14155550134) today";
    private static final String PLUS_TEXT = "tel +4915133484142";
    private static final String REF_TEXT = "order 123-456-7890";
    private static final String HOST_TEXT = "order 123-456-7890 card 4111111111111111";

    private static List<PiiTally.Judged> judged() {
        PiiSample lookAlike = new PiiSample("la", PiiSample.HELD_OUT, PiiSample.Source.LOOK_ALIKE, "reference", null,
                false, REF_TEXT, 6, 18);
        return List.of(
                // 1: a card found exactly.
                PiiTally.judge(planted(PiiType.CARD, true, CARD_TEXT, "4111111111111111"),
                        List.of(at(PiiType.CARD, CARD_TEXT, "4111111111111111", 0))),
                // 2: a card in a layout the detector does not read: missed.
                PiiTally.judge(planted(PiiType.CARD, false, DOTS_TEXT, "4111.1111.1111.1111"), List.of()),
                // 3: a phone found with its closing parenthesis: covered (found), not exact.
                PiiTally.judge(planted(PiiType.PHONE, true, PAREN_TEXT, "+14155550134"),
                        List.of(at(PiiType.PHONE, PAREN_TEXT, "+14155550134", 1))),
                // 4: a phone read as a card: the phone is missed, the card finding is of the wrong type.
                PiiTally.judge(planted(PiiType.PHONE, true, PLUS_TEXT, "+4915133484142"),
                        List.of(at(PiiType.CARD, PLUS_TEXT, "4915133484142", 0))),
                // 5: a look-alike read as a phone: false.
                PiiTally.judge(lookAlike, List.of(at(PiiType.PHONE, REF_TEXT, "123-456-7890", 0))),
                // 6: a real question with a finding: false.
                PiiTally.judge(PiiSample.real("bitext-1", PiiSample.HELD_OUT, "hello"),
                        List.of(new PiiFinding(PiiType.EMAIL, 0, 5))),
                // 7: a card found; the host's own phone-like reference away from it is not this text's to count.
                PiiTally.judge(planted(PiiType.CARD, true, HOST_TEXT, "4111111111111111"), List.of(
                        at(PiiType.PHONE, HOST_TEXT, "123-456-7890", 0),
                        at(PiiType.CARD, HOST_TEXT, "4111111111111111", 0))));
    }

    @Test
    void should_judge_found_exact_right_and_wrong_findings() {
        List<PiiTally.Judged> rows = judged();

        assertTrue(rows.get(0).found() && rows.get(0).exact());
        assertFalse(rows.get(1).found());
        assertTrue(rows.get(2).found() && !rows.get(2).exact());
        assertFalse(rows.get(3).found());
        assertEquals(1, rows.get(3).wrong().size());
        assertEquals(1, rows.get(4).wrong().size());
        assertEquals(List.of(), rows.get(6).wrong());
        assertEquals(1, rows.get(6).right().size());
    }

    @Test
    void should_compute_recall_precision_and_false_positives_per_type() {
        String table = PiiTally.typeTable(judged());

        // card: listed 2 of 2, other 0 of 1; findings: 2 right + 1 on the phone of row 4 = 3, precision 2/3.
        assertTrue(table.contains("| card | 2 | 2 | 1.000 | 1 | 0 | 0.000 | 3 | 0.667 | 0 | 0 | 1 |"), table);
        // phone: listed 1 of 2; findings: 1 right + 1 on the look-alike = 2, precision 1/2.
        assertTrue(table.contains("| phone | 2 | 1 | 0.500 | 0 | 0 | - | 2 | 0.500 | 1 | 0 | 0 |"), table);
        // email: no values, one finding in a real question.
        assertTrue(table.contains("| email | 0 | 0 | - | 0 | 0 | - | 1 | 0.000 | 0 | 1 | 0 |"), table);
        // all: listed 3 of 4, other 0 of 1; 3 right of 6 findings.
        assertTrue(table.contains("| all | 4 | 3 | 0.750 | 1 | 0 | 0.000 | 6 | 0.500 | 1 | 1 | 1 |"), table);
    }

    @Test
    void should_report_real_questions_per_thousand_and_list_errors() {
        List<PiiTally.Judged> rows = judged();

        assertTrue(PiiTally.realLine(rows).contains("Real support questions: 1, with findings: 1, findings: 1 (1000.00"
                + " per 1,000 questions): email 1"), PiiTally.realLine(rows));
        String formats = PiiTally.formatTable(rows);
        assertTrue(formats.contains("| card | yes | 2 | 2 | 2 | 1.000 |"), formats);
        assertTrue(formats.contains("| phone | yes | 2 | 1 | 0 | 0.500 |"), formats);
        assertTrue(PiiTally.lookAlikeTable(rows).contains("| reference | 1 | 1 | phone 1 |"));
        List<String> errors = PiiTally.errors(rows);
        assertTrue(errors.contains("- MISSED card, other `4111.1111.1111.1111` | " + DOTS_TEXT), errors.toString());
        assertTrue(errors.contains("- WIDER phone `+14155550134` (found: `+14155550134)`) | " + PAREN_TEXT),
                errors.toString());
        assertTrue(errors.contains("- FALSE card `4915133484142` (phone) | " + PLUS_TEXT), errors.toString());
        assertTrue(errors.contains("- FALSE email `hello` (bitext-1) | hello"), errors.toString());
    }
}
