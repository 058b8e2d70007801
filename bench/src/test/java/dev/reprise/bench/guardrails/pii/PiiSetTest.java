package dev.reprise.bench.guardrails.pii;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.reprise.gateway.guardrails.PiiType;

import java.math.BigInteger;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

/**
 * The generated set is the same for the same seed, and its values are valid by the issuers' rules, checked here
 * with implementations of our own (not the generator's, not the detector's).
 */
class PiiSetTest {

    private static final List<SupportQuestion> HOSTS = List.of(
            new SupportQuestion("q-1", "how can I cancel purchase 113542617735902?"),
            new SupportQuestion("q-2", "I still have not received my new card, I ordered over a week ago."),
            new SupportQuestion("q-3", "What can I do if my card still hasn't arrived after 2 weeks?"),
            new SupportQuestion("q-4", "where is my refund"));
    private static final Map<String, Integer> IBAN_LENGTHS = Map.of("DE", 22, "FR", 27, "GB", 22, "ES", 24, "IT", 27,
            "NL", 18, "BE", 16, "CH", 21, "PL", 28, "AT", 20);

    private static List<PiiSample> build(long seed) {
        List<PiiFormat> formats = new ArrayList<>(SensitiveFormats.all());
        formats.addAll(LookAlikeFormats.all());
        return PiiSet.build(HOSTS, formats, seed, 40);
    }

    @Test
    void should_build_the_same_set_for_the_same_seed_and_another_for_another() {
        assertEquals(build(PiiSet.SEED), build(PiiSet.SEED));
        assertNotEquals(build(PiiSet.SEED), build(PiiSet.SEED + 1));
    }

    @Test
    void should_split_by_the_row_id_about_half_and_half() {
        List<PiiSample> rows = build(PiiSet.SEED);
        long tune = rows.stream().filter(r -> r.split().equals(PiiSample.TUNE)).count();

        assertTrue(tune > rows.size() * 0.45 && tune < rows.size() * 0.55, tune + " of " + rows.size());
        assertEquals(PiiSet.split("card-bare-7"), PiiSet.split("card-bare-7"));
    }

    @Test
    void should_plant_each_value_inside_a_real_question_at_its_span() {
        for (PiiSample s : build(PiiSet.SEED)) {
            if (s.source() == PiiSample.Source.REAL) {
                continue;
            }
            assertTrue(s.start() >= 0 && s.end() > s.start(), s.toString());
            assertFalse(s.value().isBlank(), s.toString());
            // The host may be cut in two around the value: its first and last words are still there, in order.
            assertTrue(HOSTS.stream().anyMatch(h -> {
                String[] words = h.text().strip().split(" ");
                int first = s.text().indexOf(words[0]);
                return first >= 0 && s.text().lastIndexOf(words[words.length - 1]) > first;
            }), s.text());
        }
    }

    @Test
    void should_generate_valid_values_of_every_kind() {
        for (PiiSample s : build(PiiSet.SEED)) {
            if (s.source() != PiiSample.Source.PLANTED) {
                continue;
            }
            String v = s.value();
            boolean valid = switch (s.type()) {
                case CARD -> luhn(v.replaceAll("[ .-]", "")) && networkLength(v.replaceAll("[ .-]", ""));
                case IBAN -> iban(v.replaceAll("[ -]", "").toUpperCase(Locale.ROOT));
                case SSN -> ssn(v.replaceAll("[ -]", ""));
                case NATIONAL_ID -> nationalId(v.replaceAll("[.-]", "").toUpperCase(Locale.ROOT).replace(" ", ""));
                case IP -> ip(v);
                case PHONE -> between(v.chars().filter(Character::isDigit).count(), 8, 15);
                case EMAIL -> v.matches("[^@\\s]+@[^@\\s]+\\.[A-Za-z]{2,}") || v.contains(" at ") || v.contains("at)")
                        || v.contains("[at]");
                case SECRET -> v.length() >= 20;
            };
            assertTrue(valid, s.format() + ": " + v);
        }
    }

    @Test
    void should_make_look_alikes_fail_the_check_they_imitate() {
        List<PiiSample> rows = build(PiiSet.SEED);
        assertAll(rows, "card with a bad Luhn digit", v -> !luhn(v.replace(" ", "")));
        assertAll(rows, "IBAN with bad check digits", v -> !iban(v));
        assertAll(rows, "DNI layout, wrong letter", v -> !nationalId(v));
        assertAll(rows, "SSN layout, unissued", v -> !ssn(v.replace("-", "")));
    }

    private static void assertAll(List<PiiSample> rows, String format, Predicate<String> check) {
        List<PiiSample> of = rows.stream().filter(r -> r.format().equals(format)).toList();
        assertFalse(of.isEmpty(), format);
        of.forEach(r -> assertTrue(check.test(r.value()), format + ": " + r.value()));
    }

    /** Sum of the digits, every second one from the right doubled (and its digits summed), is a multiple of 10. */
    private static boolean luhn(String digits) {
        int sum = 0;
        for (int i = 0; i < digits.length(); i++) {
            int d = Character.digit(digits.charAt(digits.length() - 1 - i), 10);
            int term = i % 2 == 1 ? d * 2 : d;
            sum += term / 10 + term % 10;
        }
        return sum % 10 == 0;
    }

    private static boolean networkLength(String d) {
        int n = d.length();
        return switch (d.charAt(0)) {
            case '4' -> n == 16;
            case '5', '2' -> n == 16;
            case '3' -> d.startsWith("34") || d.startsWith("37") ? n == 15 : d.startsWith("36") ? n == 14 : n == 16;
            case '6' -> n == 16 || n == 19;
            default -> false;
        };
    }

    /** ISO 13616: the country's length, and (BBAN + country + check) read as a number is 1 mod 97. */
    private static boolean iban(String iban) {
        Integer length = IBAN_LENGTHS.get(iban.substring(0, 2));
        if (length == null || iban.length() != length || !iban.matches("[A-Z0-9]+")) {
            return false;
        }
        StringBuilder number = new StringBuilder();
        for (char c : (iban.substring(4) + iban.substring(0, 4)).toCharArray()) {
            number.append(Character.getNumericValue(c));
        }
        return new BigInteger(number.toString()).mod(BigInteger.valueOf(97)).intValue() == 1;
    }

    private static boolean ssn(String digits) {
        if (!digits.matches("\\d{9}")) {
            return false;
        }
        int area = Integer.parseInt(digits.substring(0, 3));
        return area > 0 && area != 666 && area < 900 && !digits.startsWith("00", 3) && !digits.endsWith("0000");
    }

    private static boolean nationalId(String id) {
        if (id.matches("[XYZ0-9]\\d{7}[A-Z]")) {
            String number = id.substring(0, 8).replace('X', '0').replace('Y', '1').replace('Z', '2');
            return "TRWAGMYFPDXBNJZSQVHLCKE".charAt(Integer.parseInt(number) % 23) == id.charAt(8);
        }
        // HMRC: no D, F, I, Q, U, V in the prefix, no O second, not BG, GB, NK, KN, TN, NT, ZZ; suffix A to D.
        return id.matches("[A-CEGHJ-PR-TW-Z][A-CEGHJ-NPR-TW-Z]\\d{6}[A-D]")
                && !List.of("BG", "GB", "NK", "KN", "TN", "NT", "ZZ").contains(id.substring(0, 2));
    }

    private static boolean ip(String v) {
        try {
            if (v.contains(":")) {
                return InetAddress.getByName(v).getAddress().length == 16;
            }
            String[] octets = v.split("\\.");
            return octets.length == 4 && List.of(octets).stream().allMatch(o -> between(Integer.parseInt(o), 0, 255));
        } catch (Exception e) {
            return false;
        }
    }

    private static boolean between(long n, long from, long to) {
        return n >= from && n <= to;
    }

    @Test
    void should_list_types_for_every_kind_of_the_detector() {
        for (PiiType type : PiiType.values()) {
            assertTrue(SensitiveFormats.all().stream().anyMatch(f -> f.type() == type && f.listed()), type.name());
        }
    }
}
