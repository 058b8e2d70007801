package dev.reprise.bench.guardrails.pii;

import static dev.reprise.bench.guardrails.pii.Draw.ALNUM;
import static dev.reprise.bench.guardrails.pii.Draw.HEX;
import static dev.reprise.bench.guardrails.pii.Draw.UPPER;
import static dev.reprise.bench.guardrails.pii.Draw.chars;
import static dev.reprise.bench.guardrails.pii.Draw.digits;
import static dev.reprise.bench.guardrails.pii.Draw.fours;
import static dev.reprise.bench.guardrails.pii.Draw.group;
import static dev.reprise.bench.guardrails.pii.Draw.number;
import static dev.reprise.bench.guardrails.pii.Draw.pick;
import static dev.reprise.bench.guardrails.pii.PiiFormat.listed;
import static dev.reprise.bench.guardrails.pii.PiiFormat.other;

import dev.reprise.gateway.guardrails.PiiType;

import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * Sensitive values written the way people write them: card numbers of several networks (valid Luhn digit) bare and
 * in their usual groups, IBANs of several countries (valid mod-97) in print and electronic form, phone numbers in
 * E.164 and the national layouts of the US, the UK, France and Germany, e-mail addresses, issued US SSNs, Spanish
 * DNI/NIE and UK National Insurance numbers, IP addresses, provider API keys and random tokens. Built from the
 * issuers' rules, not from the detector's patterns.
 */
final class SensitiveFormats {

    private static final List<String> CARD = List.of("my card number is", "card:", "I paid with", "charged to card",
            "the card ending was", "Card no.", "");
    private static final List<String> IBAN = List.of("my IBAN is", "IBAN:", "send the refund to", "account",
            "transfer to", "");
    private static final List<String> PHONE = List.of("call me on", "my number is", "phone:", "tel", "reach me at",
            "text me at", "");
    private static final List<String> EMAIL = List.of("email me at", "my email is", "contact:", "send it to",
            "my address", "");
    private static final List<String> SSN = List.of("my SSN is", "SSN:", "social security number", "SSN #", "");
    private static final List<String> NATIONAL = List.of("my ID number is", "DNI:", "NIE", "NI number",
            "National Insurance no.", "document", "");
    private static final List<String> IP = List.of("my IP is", "from", "server", "IP address:", "blocked at", "");
    private static final List<String> SECRET = List.of("my API key is", "key:", "token", "here is the key",
            "secret =", "");

    private SensitiveFormats() {
    }

    static List<PiiFormat> all() {
        return List.of(
                listed("card, bare", PiiType.CARD, CARD, SensitiveFormats::card),
                listed("card, spaces", PiiType.CARD, CARD, r -> cardGroups(card(r), " ")),
                listed("card, dashes", PiiType.CARD, CARD, r -> cardGroups(card(r), "-")),
                other("card, dots", PiiType.CARD, CARD, r -> cardGroups(card(r), ".")),
                listed("iban, electronic", PiiType.IBAN, IBAN, SensitiveFormats::iban),
                listed("iban, print", PiiType.IBAN, IBAN, r -> fours(iban(r), " ")),
                other("iban, lower case", PiiType.IBAN, IBAN, r -> iban(r).toLowerCase(Locale.ROOT)),
                other("iban, print with dashes", PiiType.IBAN, IBAN, r -> fours(iban(r), "-")),
                listed("phone, E.164 compact", PiiType.PHONE, PHONE, r -> e164(r, "")),
                listed("phone, E.164 spaced", PiiType.PHONE, PHONE, r -> e164(r, pick(r, " ", " ", "-"))),
                listed("phone, US (NNN) NNN-NNNN", PiiType.PHONE, PHONE,
                        r -> "(" + usArea(r) + ")" + pick(r, " ", "", " ") + usExchange(r) + "-" + digits(r, 4)),
                listed("phone, US NNN-NNN-NNNN", PiiType.PHONE, PHONE,
                        r -> usArea(r) + "-" + usExchange(r) + "-" + digits(r, 4)),
                other("phone, US NNN.NNN.NNNN", PiiType.PHONE, PHONE,
                        r -> usArea(r) + "." + usExchange(r) + "." + digits(r, 4)),
                other("phone, US NNN NNN NNNN", PiiType.PHONE, PHONE,
                        r -> usArea(r) + " " + usExchange(r) + " " + digits(r, 4)),
                other("phone, US with ext", PiiType.PHONE, PHONE, r -> "«" + usArea(r) + "-" + usExchange(r) + "-"
                        + digits(r, 4) + "»" + pick(r, " ext. ", " ext ", " x", " extension ")
                        + digits(r, 2 + r.nextInt(3))),
                listed("phone, UK 07NNN NNNNNN, 020 NNNN NNNN", PiiType.PHONE, PHONE, SensitiveFormats::ukNational),
                listed("phone, FR 0N NN NN NN NN", PiiType.PHONE, PHONE, r -> frNational(r, " ")),
                other("phone, FR with dots", PiiType.PHONE, PHONE, r -> frNational(r, ".")),
                other("phone, DE 0NN NNNNNNNN", PiiType.PHONE, PHONE, r -> deNational(r, " ")),
                other("phone, DE 0NN/NNNNNNNN", PiiType.PHONE, PHONE, r -> deNational(r, "/")),
                other("phone, +49 (0)NN ...", PiiType.PHONE, PHONE, r -> "+49 (0)" + deNational(r, " ").substring(1)),
                listed("email, plain", PiiType.EMAIL, EMAIL, r -> person(r) + "@" + pick(r, MAIL_PROVIDERS)),
                listed("email, plus tag", PiiType.EMAIL, EMAIL,
                        r -> person(r) + "+" + pick(r, "orders", "shop", "bank", "refunds", "2026") + "@"
                                + pick(r, MAIL_PROVIDERS)),
                listed("email, subdomain", PiiType.EMAIL, EMAIL, r -> person(r) + "@" + pick(r, "mail.", "eu.", "corp.",
                        "staff.mail.") + pick(r, "acme-retail", "northwind", "contoso", "uni-bonn", "example")
                        + pick(r, ".co.uk", ".com", ".de", ".fr", ".edu", ".com.au")),
                listed("email, capitals and digits", PiiType.EMAIL, EMAIL,
                        r -> capital(person(r)) + digits(r, 2 + r.nextInt(3)) + "@"
                                + pick(r, "Gmail.com", "OUTLOOK.COM", "Yahoo.co.uk", "gmx.DE")),
                other("email, written 'at' 'dot'", PiiType.EMAIL, EMAIL, r -> person(r) + pick(r, " at ", " [at] ",
                        "(at)") + pick(r, "gmail", "outlook", "yahoo") + pick(r, " dot com", "[dot]com", ".com")),
                listed("ssn, NNN-NN-NNNN", PiiType.SSN, SSN, r -> group(ssn(r), "-", 3, 2, 4)),
                other("ssn, bare", PiiType.SSN, SSN, SensitiveFormats::ssn),
                other("ssn, spaces", PiiType.SSN, SSN, r -> group(ssn(r), " ", 3, 2, 4)),
                listed("national-id, DNI", PiiType.NATIONAL_ID, NATIONAL, r -> dni(r, "")),
                listed("national-id, DNI with dash", PiiType.NATIONAL_ID, NATIONAL, r -> dni(r, "-")),
                listed("national-id, NIE", PiiType.NATIONAL_ID, NATIONAL, SensitiveFormats::nie),
                listed("national-id, NINO spaced", PiiType.NATIONAL_ID, NATIONAL, r -> group(nino(r), " ", 2, 2, 2, 2)),
                listed("national-id, NINO compact", PiiType.NATIONAL_ID, NATIONAL, SensitiveFormats::nino),
                other("national-id, DNI with dots", PiiType.NATIONAL_ID, NATIONAL, r -> {
                    String d = dni(r, "-");
                    return d.substring(0, 2) + "." + d.substring(2, 5) + "." + d.substring(5);
                }),
                other("national-id, lower case", PiiType.NATIONAL_ID, NATIONAL,
                        r -> (r.nextBoolean() ? dni(r, "") : nino(r)).toLowerCase(Locale.ROOT)),
                listed("ip, IPv4", PiiType.IP, IP, SensitiveFormats::ipv4),
                listed("ip, IPv6 full", PiiType.IP, IP, r -> ipv6Full(r)),
                listed("ip, IPv6 compressed", PiiType.IP, IP, SensitiveFormats::ipv6Short),
                other("ip, IPv4 with port", PiiType.IP, IP,
                        r -> "«" + ipv4(r) + "»:" + pick(r, "8080", "443", "22", "3389")),
                other("ip, IPv6 in brackets with port", PiiType.IP, IP,
                        r -> "[«" + ipv6Short(r) + "»]:" + pick(r, "443", "8443")),
                listed("secret, OpenAI key", PiiType.SECRET, SECRET, r -> pick(r, "sk-proj-", "sk-", "sk-svcacct-")
                        + chars(r, ALNUM + "_-", 48 + r.nextInt(60))),
                listed("secret, Anthropic key", PiiType.SECRET, SECRET,
                        r -> "sk-ant-api03-" + chars(r, ALNUM + "_-", 93) + "AA"),
                listed("secret, AWS access key id", PiiType.SECRET, SECRET,
                        r -> pick(r, "AKIA", "ASIA") + chars(r, UPPER + "234567", 16)),
                listed("secret, GitHub token", PiiType.SECRET, SECRET, r -> r.nextBoolean()
                        ? pick(r, "ghp_", "gho_", "ghs_") + chars(r, ALNUM, 36)
                        : "github_pat_11" + chars(r, UPPER + "0123456789", 20) + "_" + chars(r, ALNUM, 59)),
                listed("secret, Slack token", PiiType.SECRET, SECRET, r -> pick(r, "xoxb-", "xoxp-") + digits(r, 12)
                        + "-" + digits(r, 13) + "-" + chars(r, ALNUM, 24)),
                listed("secret, Google API key", PiiType.SECRET, SECRET, r -> "AIza" + chars(r, ALNUM + "_-", 35)),
                listed("secret, random token", PiiType.SECRET, SECRET,
                        r -> chars(r, ALNUM + (r.nextBoolean() ? "+/" : "_-"), 32 + r.nextInt(33))),
                other("secret, Stripe key", PiiType.SECRET, SECRET,
                        r -> pick(r, "sk_live_", "rk_live_", "sk_test_") + chars(r, ALNUM, 24 + r.nextInt(76))),
                other("secret, JWT", PiiType.SECRET, SECRET, r -> "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9."
                        + "eyJzdWIiOi" + chars(r, ALNUM + "_-", 40 + r.nextInt(40)) + "." + chars(r, ALNUM + "_-", 43)),
                other("secret, hex token", PiiType.SECRET, SECRET, r -> chars(r, HEX, pick(r, 32, 40, 64))));
    }

    private static final List<String> MAIL_PROVIDERS = List.of("gmail.com", "outlook.com", "yahoo.com", "hotmail.co.uk",
            "icloud.com", "proton.me", "web.de", "orange.fr", "example.org");
    private static final List<String> GIVEN = List.of("maria", "john", "wei", "fatima", "lucas", "olga", "sam", "priya",
            "jose", "anne", "kenji", "chloe");
    private static final List<String> FAMILY = List.of("garcia", "smith", "zhang", "khan", "muller", "dubois",
            "ivanova", "patel", "o.brien", "lopez", "tanaka", "nguyen");

    /** A card number of a random network with its Luhn digit. */
    static String card(Random r) {
        return switch (r.nextInt(7)) {
            case 0 -> withLuhn("4" + digits(r, 14));
            case 1 -> withLuhn("5" + (1 + r.nextInt(5)) + digits(r, 13));
            case 2 -> withLuhn(number(r, 2221, 2720, 4) + digits(r, 11));
            case 3 -> withLuhn(pick(r, "34", "37") + digits(r, 12));
            case 4 -> withLuhn("6011" + digits(r, 11));
            case 5 -> withLuhn(number(r, 3528, 3589, 4) + digits(r, 11));
            default -> r.nextBoolean() ? withLuhn("36" + digits(r, 11))
                    : withLuhn("62" + digits(r, 13 + 3 * r.nextInt(2)));
        };
    }

    /** The grouping printed on the card: 4-6-5 (Amex), 4-6-4 (Diners), 4-4-4-4(-3). */
    static String cardGroups(String digits, String sep) {
        return digits.length() == 15 || digits.length() == 14 ? group(digits, sep, 4, 6, 5) : fours(digits, sep);
    }

    private static String withLuhn(String payload) {
        return payload + CheckDigits.luhn(payload);
    }

    /** An IBAN in electronic form: country, check digits, the BBAN (bank letters, then digits, at its length). */
    static String iban(Random r) {
        // {country, letters, digits}: GB, NL and IT BBANs start with a bank code or check character in letters.
        String[] c = pick(r, new String[] {"DE", "0", "18"}, new String[] {"FR", "0", "23"},
                new String[] {"GB", "4", "14"}, new String[] {"ES", "0", "20"}, new String[] {"IT", "1", "22"},
                new String[] {"NL", "4", "10"}, new String[] {"BE", "0", "12"}, new String[] {"CH", "0", "17"},
                new String[] {"PL", "0", "24"}, new String[] {"AT", "0", "16"});
        String bban = chars(r, UPPER, Integer.parseInt(c[1])) + digits(r, Integer.parseInt(c[2]));
        return c[0] + CheckDigits.iban(c[0], bban) + bban;
    }

    private static String e164(Random r, String sep) {
        return switch (r.nextInt(4)) {
            case 0 -> "+1" + sep + usArea(r) + sep + usExchange(r) + sep + digits(r, 4);
            case 1 -> r.nextBoolean() ? "+44" + sep + "7" + digits(r, 3) + sep + digits(r, 6)
                    : "+44" + sep + "20" + sep + digits(r, 4) + sep + digits(r, 4);
            case 2 -> "+33" + sep + (1 + r.nextInt(7)) + sep + group(digits(r, 8), sep, 2, 2, 2, 2);
            default -> "+49" + sep + pick(r, "30", "89", "40", "151", "176") + sep + digits(r, 7 + r.nextInt(2));
        };
    }

    private static String usArea(Random r) {
        return (2 + r.nextInt(8)) + digits(r, 2);
    }

    private static String usExchange(Random r) {
        return (2 + r.nextInt(8)) + digits(r, 2);
    }

    private static String ukNational(Random r) {
        return switch (r.nextInt(3)) {
            case 0 -> "07" + digits(r, 3) + " " + digits(r, 6);
            case 1 -> "020 " + (3 + r.nextInt(6)) + digits(r, 3) + " " + digits(r, 4);
            default -> "0" + pick(r, "161", "131", "113", "117") + " " + (2 + r.nextInt(8)) + digits(r, 2) + " "
                    + digits(r, 4);
        };
    }

    private static String frNational(Random r, String sep) {
        return "0" + (1 + r.nextInt(7)) + sep + group(digits(r, 8), sep, 2, 2, 2, 2);
    }

    private static String deNational(Random r, String sep) {
        return "0" + pick(r, "30", "89", "40", "221", "151", "176") + sep + (1 + r.nextInt(9))
                + digits(r, 6 + r.nextInt(2));
    }

    private static String person(Random r) {
        return pick(r, GIVEN) + pick(r, ".", "_", "", ".") + pick(r, FAMILY);
    }

    private static String capital(String s) {
        return Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }

    /** Nine digits in the issued ranges: area 001-899 but 666, group 01-99, serial 0001-9999. */
    static String ssn(Random r) {
        int area = 1 + r.nextInt(899);
        if (area == 666) {
            area = 667;
        }
        return String.format("%03d%02d%04d", area, 1 + r.nextInt(99), 1 + r.nextInt(9999));
    }

    private static String dni(Random r, String sep) {
        int n = r.nextInt(100_000_000);
        return String.format("%08d", n) + sep + CheckDigits.dni(n);
    }

    private static String nie(Random r) {
        int lead = r.nextInt(3);
        int n = r.nextInt(10_000_000);
        return "XYZ".charAt(lead) + String.format("%07d", n) + CheckDigits.dni(lead * 10_000_000 + n);
    }

    /** A National Insurance number: HMRC's allowed prefix letters (not D, F, I, Q, U, V; O not second), suffix A-D. */
    static String nino(Random r) {
        String first = "ABCEGHJKLMNOPRSTWXYZ";
        String second = "ABCEGHJKLMNPRSTWXYZ";
        String prefix;
        do {
            prefix = chars(r, first, 1) + chars(r, second, 1);
        } while (List.of("BG", "GB", "NK", "KN", "TN", "NT", "ZZ").contains(prefix) || prefix.charAt(0) == 'O');
        return prefix + digits(r, 6) + chars(r, "ABCD", 1);
    }

    static String ipv4(Random r) {
        return (1 + r.nextInt(223)) + "." + r.nextInt(256) + "." + r.nextInt(256) + "." + (1 + r.nextInt(254));
    }

    private static String ipv6Full(Random r) {
        StringBuilder s = new StringBuilder(pick(r, "2001", "2a02", "2603", "fe80"));
        for (int i = 0; i < 7; i++) {
            s.append(':').append(Integer.toHexString(r.nextInt(0x10000)));
        }
        return r.nextBoolean() ? s.toString() : s.toString().toUpperCase(Locale.ROOT);
    }

    private static String ipv6Short(Random r) {
        return pick(r, "2001:db8", "2a02:1205", "fe80", "2603:8000") + "::" + Integer.toHexString(r.nextInt(0x10000))
                + (r.nextBoolean() ? ":" + Integer.toHexString(1 + r.nextInt(0xffff)) : "");
    }
}
