package dev.reprise.gateway.guardrails;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds sensitive data in text with patterns, then checks each candidate (Luhn for cards, mod-97 and the country's
 * length for IBANs, the issued ranges for SSNs, the check letter of Spanish IDs, the unused prefixes of UK National
 * Insurance numbers, octet ranges for IPv4) so that look-alikes (order numbers, dates,
 * prices, versions, hashes) are left alone. Thread-safe; whole texts' findings are kept in a {@link ScanMemo}.
 */
public final class PiiDetector {

    // Kinds are tried in this order and a later finding that overlaps an earlier one is dropped: a key that contains
    // digits is a secret, not a phone number; an e-mail's digits are not a card.
    private static final List<PiiType> ORDER = List.of(PiiType.SECRET, PiiType.EMAIL, PiiType.IBAN, PiiType.CARD,
            PiiType.SSN, PiiType.NATIONAL_ID, PiiType.IP, PiiType.PHONE);

    private static final Pattern EMAIL = Pattern.compile(
            "(?<![\\w.+%-])[A-Za-z0-9][A-Za-z0-9._%+-]{0,63}@[A-Za-z0-9](?:[A-Za-z0-9-]{0,62}\\.)+[A-Za-z]{2,24}(?![\\w-])");
    /** 13 to 19 digits, with single spaces or dashes between them; the digits are checked afterwards. */
    private static final Pattern CARD = Pattern.compile("(?<![\\w.,+-])\\d(?:[ -]?\\d){12,18}(?![\\w-]|[.,]\\d)");
    private static final Pattern IBAN = Pattern.compile("(?<![\\w])[A-Z]{2}\\d{2}(?: ?[A-Z0-9]){11,30}(?![\\w])");
    private static final Pattern SSN = Pattern.compile("(?<![\\w-])(\\d{3})-(\\d{2})-(\\d{4})(?![\\w-])");
    /** Spain's DNI (8 digits) or NIE (X, Y or Z and 7 digits), then a check letter, maybe after a dash. */
    private static final Pattern SPANISH_ID = Pattern.compile("(?<![\\w-])(?:([XYZ])(\\d{7})|(\\d{8}))-?([A-Z])(?![\\w-])");
    /** The UK's National Insurance number: two prefix letters, three pairs of digits, a suffix A-D. */
    private static final Pattern UK_NINO = Pattern.compile(
            "(?<![\\w-])([A-CEGHJ-PR-TW-Z][A-CEGHJ-NPR-TW-Z]) ?\\d{2} ?\\d{2} ?\\d{2} ?[A-D](?![\\w-])");
    private static final Set<String> NINO_UNUSED_PREFIXES = Set.of("BG", "GB", "NK", "KN", "TN", "NT", "ZZ");
    /** Norway's, the shortest IBAN. */
    private static final int MIN_IBAN_LENGTH = 15;
    private static final String DNI_LETTERS = "TRWAGMYFPDXBNJZSQVHLCKE";
    private static final Pattern IPV4 = Pattern.compile(
            "(?<![\\w.])(?:(?:25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)\\.){3}(?:25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)(?![\\w]|\\.\\d)");
    private static final Pattern IPV6 = Pattern.compile("(?<![\\w:.])[0-9A-Fa-f]{0,4}(?::[0-9A-Fa-f]{0,4}){2,7}(?![\\w:])");
    /** Versions are written with a v or the word: "v10.2.0.1", "version 1.2.3.4" are not addresses. */
    private static final Pattern VERSION_BEFORE = Pattern.compile("(?i)(?:\\bv|version\\s|release\\s|build\\s)$");
    /**
     * E.164 (+ and 8-15 digits, separators allowed) or a national number: (NNN) NNN-NNNN, 0NN NNNN NNNN, 0N NN NN NN NN;
     * never inside a longer run of digit groups (a tracking or card number's middle).
     */
    private static final Pattern PHONE = Pattern.compile("(?<![\\w+.,/-])(?<!\\d[ .-])(?:"
            + "\\+[1-9]\\d{0,2}(?:[ .-]?\\(?\\d{1,4}\\)?){2,5}"
            + "|\\(\\d{3}\\)[ .-]?\\d{3}[ .-]\\d{4}"
            + "|\\d{3}[.-]\\d{3}[.-]\\d{4}"
            + "|0\\d{1,4}[ ]\\d{3,4}[ ]?\\d{3,4}"
            + "|0[1-9](?:[ .]\\d{2}){4}"
            + ")(?![\\w.,/-]\\d|\\w|[ .-]\\d)");
    private static final Pattern PROVIDER_KEY = Pattern.compile("(?<![\\w-])(?:"
            + "sk-ant-[A-Za-z0-9_-]{20,}"
            + "|sk-(?:proj-|live-|test-)?[A-Za-z0-9_-]{20,}"
            + "|(?:AKIA|ASIA)[0-9A-Z]{16}"
            + "|gh[pousr]_[A-Za-z0-9]{30,}"
            + "|github_pat_[A-Za-z0-9_]{30,}"
            + "|xox[abposr]-[A-Za-z0-9-]{10,}"
            + "|AIza[0-9A-Za-z_-]{35}"
            + ")");
    private static final Pattern TOKEN = Pattern.compile("(?<![\\w+/=-])[A-Za-z0-9+/_=-]{32,}(?![\\w+/=-])");
    /** Each kind's patterns, for {@link #unsettledFrom}. */
    private static final Map<PiiType, List<Pattern>> PATTERNS = Map.of(PiiType.EMAIL, List.of(EMAIL),
            PiiType.CARD, List.of(CARD), PiiType.IBAN, List.of(IBAN), PiiType.SSN, List.of(SSN),
            PiiType.NATIONAL_ID, List.of(SPANISH_ID, UK_NINO),
            PiiType.IP, List.of(IPV4, IPV6), PiiType.PHONE, List.of(PHONE),
            PiiType.SECRET, List.of(PROVIDER_KEY, TOKEN));
    /** Bits per character from which a long mixed-case token counts as a secret; English words and hex stay below. */
    static final double SECRET_ENTROPY = 4.0;

    private final ScanMemo<List<PiiFinding>> scanned = new ScanMemo<>(ScanMemo.DEFAULT_ENTRIES,
            ScanMemo.DEFAULT_MAX_CHARS);

    /** Every finding of the given kinds, in text order, none overlapping; an unmodifiable list. */
    public List<PiiFinding> find(String text, Set<PiiType> types) {
        if (text == null) {
            return List.of();
        }
        if (!Signs.of(text, 0).mayHoldAny(types)) {
            return List.of(); // "hi", "thanks!": nothing to find, and cheaper to see than to look up
        }
        // The kinds are part of the key: two aliases may look for different ones in the same text.
        return scanned.get(Set.copyOf(types), text, t -> List.copyOf(find(t, 0, types)));
    }

    /**
     * Every finding of the given kinds that starts at or after {@code from}, in text order, none overlapping; the
     * text before {@code from} is only context (what a value may not follow), as when a stream is scanned piece by
     * piece.
     */
    public List<PiiFinding> find(String text, int from, Set<PiiType> types) {
        List<PiiFinding> found = new ArrayList<>();
        if (text == null || text.length() <= from) {
            return found;
        }
        Signs signs = Signs.of(text, from);
        for (PiiType type : ORDER) {
            if (!types.contains(type) || !signs.mayHold(type)) {
                continue;
            }
            for (PiiFinding f : candidates(type, text, from)) {
                if (found.stream().noneMatch(f::overlaps)) {
                    found.add(f);
                }
            }
        }
        found.sort(Comparator.comparingInt(PiiFinding::start));
        return found;
    }

    /**
     * Where the part of {@code text} that more text could still change begins: the first position at or after
     * {@code from} from which a pattern of the given kinds reads up to the end of the text (a value in the making,
     * or one whose end is not yet known); {@code text.length()} when nothing could change. Findings before it are
     * final.
     */
    public int unsettledFrom(String text, int from, Set<PiiType> types) {
        int cut = text.length();
        for (PiiType type : ORDER) {
            if (types.contains(type)) {
                for (Pattern p : PATTERNS.get(type)) {
                    cut = Math.min(cut, readsToEnd(p, text, from, cut));
                }
            }
        }
        return cut;
    }

    /** The first start in [from, limit) from which {@code p} reads to the end of {@code text}, else {@code limit}. */
    private static int readsToEnd(Pattern p, String text, int from, int limit) {
        Matcher m = scanner(p, text, from);
        int searchFrom = from;
        while (searchFrom < limit) {
            boolean found = m.find();
            if (m.hitEnd()) {
                // Some start between searchFrom and this match's (or the end) read to the end: find which.
                int last = Math.min(found ? m.start() : text.length() - 1, limit - 1);
                for (int at = searchFrom; at <= last; at++) {
                    Matcher one = scanner(p, text, at);
                    one.lookingAt();
                    if (one.hitEnd()) {
                        return at;
                    }
                }
                return limit;
            }
            if (!found) {
                return limit;
            }
            searchFrom = m.end();
        }
        return limit;
    }

    /**
     * The characters every value of a kind must contain, looked for once: a kind whose character is absent after
     * {@code from} cannot be found there, and its patterns are not run. Each pattern tries every position of the text,
     * so a long prompt without digits, say, is spared most of them (a 3 MB prompt took over a second to scan).
     */
    private record Signs(boolean digit, boolean at, boolean colon, boolean secretLength) {

        /** The shortest secret the patterns know: a Slack token, {@code xoxb-} and ten characters. */
        static final int MIN_SECRET_CHARS = 15;

        static Signs of(String text, int from) {
            boolean digit = false;
            for (int i = from; i < text.length() && !digit; i++) {
                char c = text.charAt(i);
                digit = c >= '0' && c <= '9';
            }
            return new Signs(digit, text.indexOf('@', from) >= 0, text.indexOf(':', from) >= 0,
                    text.length() - from >= MIN_SECRET_CHARS);
        }

        boolean mayHoldAny(Set<PiiType> types) {
            for (PiiType type : types) {
                if (mayHold(type)) {
                    return true;
                }
            }
            return false;
        }

        boolean mayHold(PiiType type) {
            return switch (type) {
                case EMAIL -> at;
                // Every card, IBAN, SSN, national id, IPv4 address and phone number has an ASCII digit.
                case CARD, IBAN, SSN, NATIONAL_ID, PHONE -> digit;
                // An IPv4 address has digits, an IPv6 one at least two colons.
                case IP -> digit || colon;
                case SECRET -> secretLength;
            };
        }
    }

    /** A matcher that starts at {@code from} but sees the text before it, as the whole-text scan does. */
    private static Matcher scanner(Pattern p, String text, int from) {
        return p.matcher(text).region(from, text.length()).useTransparentBounds(true).useAnchoringBounds(false);
    }

    private static List<PiiFinding> candidates(PiiType type, String text, int from) {
        List<PiiFinding> out = new ArrayList<>();
        switch (type) {
            case EMAIL -> each(EMAIL, text, from, m -> true, type, out);
            case CARD -> each(CARD, text, from, m -> card(m.group()), type, out);
            case IBAN -> ibans(text, from, out);
            case SSN -> each(SSN, text, from, PiiDetector::ssn, type, out);
            case NATIONAL_ID -> {
                each(SPANISH_ID, text, from, PiiDetector::spanishId, type, out);
                each(UK_NINO, text, from, m -> !NINO_UNUSED_PREFIXES.contains(m.group(1)), type, out);
            }
            case IP -> {
                each(IPV4, text, from, m -> !VERSION_BEFORE.matcher(text.substring(0, m.start())).find(), type, out);
                each(IPV6, text, from, m -> ipv6(m.group()), type, out);
            }
            case PHONE -> phones(text, from, out);
            case SECRET -> {
                each(PROVIDER_KEY, text, from, m -> true, type, out);
                each(TOKEN, text, from, m -> highEntropy(m.group()), type, out);
            }
        }
        return out;
    }

    private interface Check {
        boolean test(Matcher m);
    }

    private static void each(Pattern p, String text, int from, Check check, PiiType type, List<PiiFinding> out) {
        Matcher m = scanner(p, text, from);
        while (m.find()) {
            if (check.test(m)) {
                out.add(new PiiFinding(type, m.start(), m.end()));
            }
        }
    }

    /**
     * IBANs whose check passes. The pattern may run on into a one-letter word ("… 0130 00 I think"): then the match
     * is shortened group by group until it passes or is too short for any country.
     */
    private static void ibans(String text, int from, List<PiiFinding> out) {
        Matcher m = scanner(IBAN, text, from);
        while (m.find()) {
            String candidate = m.group();
            while (!Checksums.iban(candidate.replace(" ", ""))) {
                int space = candidate.lastIndexOf(' ');
                if (space < 0 || candidate.substring(0, space).replace(" ", "").length() < MIN_IBAN_LENGTH) {
                    candidate = null;
                    break;
                }
                candidate = candidate.substring(0, space);
            }
            if (candidate != null) {
                out.add(new PiiFinding(PiiType.IBAN, m.start(), m.start() + candidate.length()));
            }
        }
    }

    /** Phone numbers; a closing bracket the number does not open ("(+14155550134)") is left out of the value. */
    private static void phones(String text, int from, List<PiiFinding> out) {
        Matcher m = scanner(PHONE, text, from);
        while (m.find()) {
            String value = m.group();
            if (!phone(value)) {
                continue;
            }
            int end = m.end();
            if (value.endsWith(")") && value.chars().filter(c -> c == '(').count()
                    < value.chars().filter(c -> c == ')').count()) {
                end--;
            }
            out.add(new PiiFinding(PiiType.PHONE, m.start(), end));
        }
    }

    private static boolean card(String candidate) {
        String digits = candidate.replaceAll("[ -]", "");
        // Separators, when used, are used throughout in groups (4-4-4-4, 4-6-5): "1234 5 678..." is not a card.
        if (!digits.equals(candidate) && !candidate.matches("\\d{4}(?:[ -]\\d{3,6}){2,4}")) {
            return false;
        }
        return digits.length() >= 13 && digits.length() <= 19 && Checksums.cardPrefix(digits) && Checksums.luhn(digits);
    }

    /** Issued SSNs: area not 000, 666 or 900-999; group not 00; serial not 0000. */
    private static boolean ssn(Matcher m) {
        int area = Integer.parseInt(m.group(1));
        return area != 0 && area != 666 && area < 900 && !m.group(2).equals("00") && !m.group(3).equals("0000");
    }

    /** The check letter is the number (an NIE's X, Y, Z read as 0, 1, 2) modulo 23 in Spain's letter table. */
    private static boolean spanishId(Matcher m) {
        String digits = m.group(1) == null ? m.group(3) : "XYZ".indexOf(m.group(1)) + m.group(2);
        return DNI_LETTERS.charAt(Integer.parseInt(digits) % 23) == m.group(4).charAt(0);
    }

    /** Eight groups, or fewer with one {@code ::}; each group 1-4 hex digits. */
    private static boolean ipv6(String s) {
        int gap = s.indexOf("::");
        if (gap != s.lastIndexOf("::") || s.contains(":::")) {
            return false;
        }
        List<String> groups = new ArrayList<>();
        for (String half : gap < 0 ? new String[] {s} : new String[] {s.substring(0, gap), s.substring(gap + 2)}) {
            if (half.isEmpty()) {
                continue;
            }
            for (String g : half.split(":", -1)) {
                if (g.isEmpty() || g.length() > 4) {
                    return false;
                }
                groups.add(g);
            }
        }
        // "12:30:45" (a time) has three groups and no gap; a real short form needs the gap.
        return gap < 0 ? groups.size() == 8 : groups.size() <= 7 && (groups.size() >= 2 || s.equals("::1"));
    }

    /** 8 to 15 digits in all: fewer is an extension or a short code, more is not a phone number. */
    private static boolean phone(String candidate) {
        long digits = candidate.chars().filter(Character::isDigit).count();
        return digits >= 8 && digits <= 15;
    }

    /**
     * A long token with upper case, lower case and digits whose characters carry at least {@link #SECRET_ENTROPY}
     * bits each: hex hashes and UUIDs (no upper case) and words glued together (low entropy) are left alone.
     */
    static boolean highEntropy(String token) {
        boolean upper = false;
        boolean lower = false;
        boolean digit = false;
        int[] counts = new int[128];
        for (int i = 0; i < token.length(); i++) {
            char c = token.charAt(i);
            upper |= Character.isUpperCase(c);
            lower |= Character.isLowerCase(c);
            digit |= Character.isDigit(c);
            counts[c & 127]++;
        }
        if (!(upper && lower && digit)) {
            return false;
        }
        double bits = 0;
        for (int n : counts) {
            if (n > 0) {
                double p = (double) n / token.length();
                bits -= p * (Math.log(p) / Math.log(2));
            }
        }
        return bits >= SECRET_ENTROPY;
    }
}
