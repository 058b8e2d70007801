package dev.reprise.bench.guardrails.pii;

import static dev.reprise.bench.guardrails.pii.Draw.HEX;
import static dev.reprise.bench.guardrails.pii.Draw.UPPER;
import static dev.reprise.bench.guardrails.pii.Draw.chars;
import static dev.reprise.bench.guardrails.pii.Draw.digits;
import static dev.reprise.bench.guardrails.pii.Draw.fours;
import static dev.reprise.bench.guardrails.pii.Draw.group;
import static dev.reprise.bench.guardrails.pii.Draw.number;
import static dev.reprise.bench.guardrails.pii.Draw.pick;
import static dev.reprise.bench.guardrails.pii.PiiFormat.lookAlike;

import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * Numbers and strings that support questions carry and that only look like sensitive data: order, tracking and
 * invoice numbers, prices, dates and times, versions, UUIDs and hashes, and card numbers, IBANs, SSNs and Spanish
 * IDs whose check fails.
 */
final class LookAlikeFormats {

    private static final List<String> ORDER = List.of("order", "order number", "purchase", "order #", "my order",
            "reference", "");

    private LookAlikeFormats() {
    }

    static List<PiiFormat> all() {
        return List.of(
                lookAlike("order number, bare digits", ORDER, r -> digits(r, 6 + r.nextInt(10))),
                lookAlike("order number, prefixed", ORDER,
                        r -> pick(r, "#", "ORD-", "SO", "A") + digits(r, 6 + r.nextInt(6))),
                lookAlike("order number, NNN-NNNNNNN-NNNNNNN", ORDER,
                        r -> digits(r, 3) + "-" + digits(r, 7) + "-" + digits(r, 7)),
                lookAlike("reference, NNN-NNN-NNNN", ORDER,
                        r -> digits(r, 3) + "-" + digits(r, 3) + "-" + digits(r, 4)),
                lookAlike("reference, 8 digits and a letter", ORDER, r -> digits(r, 8) + chars(r, UPPER, 1)),
                lookAlike("tracking number", List.of("tracking", "tracking number", "parcel", "shipment", ""),
                        r -> switch (r.nextInt(4)) {
                            case 0 -> "1Z" + chars(r, UPPER + "0123456789", 16);
                            case 1 -> fours("9" + pick(r, "400", "205", "274") + digits(r, 18), " ");
                            case 2 -> digits(r, 12);
                            default -> chars(r, UPPER, 2) + digits(r, 9) + pick(r, "GB", "DE", "US", "CN");
                        }),
                lookAlike("invoice number", List.of("invoice", "invoice #", "bill", "receipt", ""),
                        r -> pick(r, "INV-", "INV", "F-", "") + number(r, 2019, 2026, 4) + pick(r, "-", "/", "")
                                + digits(r, 4 + r.nextInt(3))),
                lookAlike("price or amount", List.of("it cost", "I was charged", "refund of", "amount", "total", ""),
                        r -> switch (r.nextInt(5)) {
                            case 0 -> "$" + group(digits(r, 1) + digits(r, 3), ",", 1, 3) + "." + digits(r, 2);
                            case 1 -> (1 + r.nextInt(9)) + "." + digits(r, 3) + "," + digits(r, 2) + " €";
                            case 2 -> "£" + (1 + r.nextInt(999)) + "." + digits(r, 2);
                            case 3 -> "USD " + (1 + r.nextInt(99999)) + ".00";
                            default -> (1 + r.nextInt(9)) + " " + digits(r, 3) + " " + digits(r, 3) + ",00 EUR";
                        }),
                lookAlike("date or time", List.of("on", "since", "placed on", "at", "dated", ""),
                        r -> {
                            String y = number(r, 2019, 2027, 4);
                            String m = number(r, 1, 12, 2);
                            String d = number(r, 1, 28, 2);
                            String t = number(r, 0, 23, 2) + ":" + number(r, 0, 59, 2) + ":" + number(r, 0, 59, 2);
                            return switch (r.nextInt(6)) {
                                case 0 -> y + "-" + m + "-" + d;
                                case 1 -> d + "/" + m + "/" + y;
                                case 2 -> d + "." + m + "." + y;
                                case 3 -> y + "-" + m + "-" + d + "T" + t + "Z";
                                case 4 -> m + "/" + d + "/" + y + " " + t;
                                default -> t;
                            };
                        }),
                lookAlike("version", List.of("version", "app", "v", "firmware", "iOS", ""),
                        r -> (r.nextBoolean() ? "" : "v") + r.nextInt(20) + "." + r.nextInt(20) + "." + r.nextInt(200)
                                + (r.nextBoolean() ? "." + r.nextInt(9999) : "")),
                lookAlike("UUID", List.of("request id", "id", "session", "ticket", ""), r -> {
                    String u = group(chars(r, HEX, 32), "-", 8, 4, 4, 4, 12);
                    return r.nextBoolean() ? u : u.toUpperCase(Locale.ROOT);
                }),
                lookAlike("hash", List.of("commit", "checksum", "sha256", "hash", ""),
                        r -> chars(r, HEX, pick(r, 7, 40, 64))),
                lookAlike("card with a bad Luhn digit", List.of("card", "card number", ""), r -> {
                    String card = SensitiveFormats.card(r);
                    int last = card.charAt(card.length() - 1) - '0';
                    String bad = card.substring(0, card.length() - 1) + (last + 1 + r.nextInt(9)) % 10;
                    return r.nextBoolean() ? bad : SensitiveFormats.cardGroups(bad, " ");
                }),
                lookAlike("16 digits, Luhn-valid, no card prefix", ORDER, r -> {
                    String payload = pick(r, "1", "7", "8", "9") + digits(r, 14);
                    return payload + CheckDigits.luhn(payload);
                }),
                lookAlike("IBAN with bad check digits", List.of("IBAN", "account", ""), r -> {
                    String iban = SensitiveFormats.iban(r);
                    int check = Integer.parseInt(iban.substring(2, 4));
                    // Check digits run 02..98; a shift of 1..95 within those 97 values never lands on the right one.
                    int wrong = 2 + (check - 2 + 1 + r.nextInt(95)) % 97;
                    return iban.substring(0, 2) + String.format("%02d", wrong) + iban.substring(4);
                }),
                lookAlike("SSN layout, unissued", List.of("SSN", "number", ""), r -> pick(r, "000", "666",
                        number(r, 900, 999, 3)) + "-" + number(r, 1, 99, 2) + "-" + number(r, 1, 9999, 4)),
                lookAlike("DNI layout, wrong letter", List.of("DNI", "ID", ""), r -> {
                    int n = r.nextInt(100_000_000);
                    char right = CheckDigits.dni(n);
                    char wrong = CheckDigits.DNI_LETTERS.charAt((CheckDigits.DNI_LETTERS.indexOf(right) + 1
                            + r.nextInt(22)) % 23);
                    return String.format("%08d", n) + wrong;
                }),
                lookAlike("sort code and account", List.of("sort code", "account", ""),
                        r -> digits(r, 2) + "-" + digits(r, 2) + "-" + digits(r, 2) + " " + digits(r, 8)),
                lookAlike("ISBN or barcode", List.of("ISBN", "barcode", "item", ""),
                        r -> r.nextBoolean() ? "978-" + digits(r, 1) + "-" + digits(r, 2) + "-" + digits(r, 6) + "-"
                                + digits(r, 1) : "0" + digits(r, 12)),
                lookAlike("MAC address", List.of("MAC", "device", ""), r -> group(chars(r, "0123456789ABCDEF", 12), ":",
                        2, 2, 2, 2, 2, 2)),
                lookAlike("short code or extension", List.of("call", "text STOP to", "dial", "ext.", ""),
                        r -> digits(r, 3 + r.nextInt(4))),
                lookAlike("postcode", List.of("postcode", "zip", "deliver to", ""), r -> r.nextBoolean()
                        ? chars(r, UPPER, 2) + (1 + r.nextInt(20)) + " " + r.nextInt(10) + chars(r, UPPER, 2)
                        : digits(r, 5) + (r.nextBoolean() ? "-" + digits(r, 4) : "")));
    }
}
