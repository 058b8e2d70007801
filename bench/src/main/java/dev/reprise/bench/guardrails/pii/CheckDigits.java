package dev.reprise.bench.guardrails.pii;

/**
 * Check digits computed the way the issuers define them, written here from the specifications (not the detector's
 * code) so that the generated values are valid on their own terms.
 */
final class CheckDigits {

    static final String DNI_LETTERS = "TRWAGMYFPDXBNJZSQVHLCKE";

    private CheckDigits() {
    }

    /** The digit that makes {@code payload + digit} pass the Luhn check (ISO/IEC 7812-1). */
    static int luhn(String payload) {
        int sum = 0;
        for (int i = 0; i < payload.length(); i++) {
            int d = payload.charAt(payload.length() - 1 - i) - '0';
            // The check digit goes last, so the payload's last digit is the first one doubled.
            if (i % 2 == 0) {
                d = d * 2 > 9 ? d * 2 - 9 : d * 2;
            }
            sum += d;
        }
        return (10 - sum % 10) % 10;
    }

    /** The two IBAN check digits for {@code country} and {@code bban} (ISO 13616: 98 minus the rest mod 97). */
    static String iban(String country, String bban) {
        String rearranged = bban + country + "00";
        int rest = 0;
        for (char c : rearranged.toCharArray()) {
            String part = Character.isDigit(c) ? String.valueOf(c) : String.valueOf(c - 'A' + 10);
            for (char p : part.toCharArray()) {
                rest = (rest * 10 + (p - '0')) % 97;
            }
        }
        int check = 98 - rest;
        return check < 10 ? "0" + check : String.valueOf(check);
    }

    /** The check letter of a Spanish DNI number (an NIE's leading X, Y, Z read as 0, 1, 2 beforehand). */
    static char dni(int number) {
        return DNI_LETTERS.charAt(number % 23);
    }
}
