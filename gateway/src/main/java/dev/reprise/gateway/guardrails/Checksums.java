package dev.reprise.gateway.guardrails;

import java.util.Map;

/** The check digits that tell a real card number or IBAN from a number that only looks like one. */
final class Checksums {

    /** IBAN lengths of the SEPA countries and a few common others (ISO 13616 registry). */
    private static final Map<String, Integer> IBAN_LENGTHS = Map.ofEntries(
            Map.entry("AD", 24), Map.entry("AE", 23), Map.entry("AT", 20), Map.entry("BE", 16), Map.entry("BG", 22),
            Map.entry("BH", 22), Map.entry("BR", 29), Map.entry("CH", 21), Map.entry("CY", 28), Map.entry("CZ", 24),
            Map.entry("DE", 22), Map.entry("DK", 18), Map.entry("EE", 20), Map.entry("ES", 24), Map.entry("FI", 18),
            Map.entry("FR", 27), Map.entry("GB", 22), Map.entry("GI", 23), Map.entry("GR", 27), Map.entry("HR", 21),
            Map.entry("HU", 28), Map.entry("IE", 22), Map.entry("IL", 23), Map.entry("IS", 26), Map.entry("IT", 27),
            Map.entry("LI", 21), Map.entry("LT", 20), Map.entry("LU", 20), Map.entry("LV", 21), Map.entry("MC", 27),
            Map.entry("MT", 31), Map.entry("NL", 18), Map.entry("NO", 15), Map.entry("PL", 28), Map.entry("PT", 25),
            Map.entry("RO", 24), Map.entry("SA", 24), Map.entry("SE", 24), Map.entry("SI", 19), Map.entry("SK", 24),
            Map.entry("SM", 27), Map.entry("TR", 26), Map.entry("UA", 29), Map.entry("VA", 22));

    private Checksums() {
    }

    /** The Luhn check over a string of digits. */
    static boolean luhn(String digits) {
        int sum = 0;
        boolean twice = false;
        for (int i = digits.length() - 1; i >= 0; i--) {
            int d = digits.charAt(i) - '0';
            if (twice) {
                d *= 2;
                if (d > 9) {
                    d -= 9;
                }
            }
            sum += d;
            twice = !twice;
        }
        return sum % 10 == 0;
    }

    /**
     * A card number's issuer prefix is a known network's (Visa, Mastercard, Amex, Discover, JCB, Diners, UnionPay) and
     * its length fits: a Luhn-valid order number passes one time in ten, this takes most of those out.
     */
    static boolean cardPrefix(String d) {
        int n = d.length();
        int two = Integer.parseInt(d.substring(0, 2));
        int four = Integer.parseInt(d.substring(0, 4));
        if (d.charAt(0) == '4') {
            return n == 13 || n == 16 || n == 19;
        }
        if ((two >= 51 && two <= 55) || (four >= 2221 && four <= 2720)) {
            return n == 16;
        }
        if (two == 34 || two == 37) {
            return n == 15;
        }
        if (four == 6011 || two == 65 || (four >= 6440 && four <= 6499) || two == 62) {
            return n >= 16 && n <= 19;
        }
        if (four >= 3528 && four <= 3589) {
            return n >= 16 && n <= 19;
        }
        if (two == 36 || two == 38 || (four >= 3000 && four <= 3059)) {
            return n >= 14 && n <= 19;
        }
        return false;
    }

    /** An IBAN without spaces: its country's length and the ISO 7064 mod-97 check. */
    static boolean iban(String iban) {
        Integer length = IBAN_LENGTHS.get(iban.substring(0, 2));
        if (length == null || iban.length() != length) {
            return false;
        }
        String moved = iban.substring(4) + iban.substring(0, 4);
        int remainder = 0;
        for (int i = 0; i < moved.length(); i++) {
            char c = moved.charAt(i);
            int value = Character.isDigit(c) ? c - '0' : c - 'A' + 10;
            remainder = value > 9 ? (remainder * 100 + value) % 97 : (remainder * 10 + value) % 97;
        }
        return remainder == 1;
    }
}
