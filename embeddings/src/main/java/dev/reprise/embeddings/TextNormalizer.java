package dev.reprise.embeddings;

import java.text.Normalizer;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * Normalises the text the semantic cache matches, so that trivially different prompts ("Hi! How do I reset my
 * password?" and "how do i reset my password") hash and embed alike. Steps, in order: Unicode NFKC, lowercase,
 * whitespace collapsing and trimming, leading greetings and trailing pleasantries, trailing punctuation.
 *
 * <p>It never returns an empty text for a non-blank input: a step that would remove everything is skipped, so
 * "Thanks!" stays "thanks". Greetings and pleasantries must stand as whole words ("hi-fi" and "thanksgiving" keep
 * theirs). Thread-safe; it runs on every request, so it uses plain string scans and no regular expressions.
 */
public final class TextNormalizer {

    // Longest first, so that "hey there" wins over "hey" and "thank you very much" over "thank you".
    private static final List<String> LEADING = List.of(
            "good afternoon", "good morning", "good evening", "hello there", "hey there", "hi there",
            "greetings", "hello", "hiya", "please", "hey", "pls", "plz", "hi");
    private static final List<String> TRAILING = List.of(
            "thank you very much", "thanks in advance", "thank you so much", "thanks so much", "thanks a lot",
            "many thanks", "thank you", "please", "thanks", "pls", "plz", "thx");

    private final NormalizationOptions options;

    /** A normaliser with every step on. */
    public TextNormalizer() {
        this(NormalizationOptions.DEFAULTS);
    }

    /** A normaliser applying the steps {@code options} turns on, after NFKC. */
    public TextNormalizer(NormalizationOptions options) {
        this.options = Objects.requireNonNull(options, "options");
    }

    /** Returns the normalised form of {@code text}; see the class comment for the steps. */
    public String normalize(String text) {
        String s = Normalizer.normalize(markRaisedDigits(Objects.requireNonNull(text, "text")), Normalizer.Form.NFKC);
        if (options.lowercase()) {
            s = s.toLowerCase(Locale.ROOT);
        }
        s = options.collapseWhitespace() ? collapseWhitespace(s) : s.strip();
        if (options.stripPleasantries()) {
            s = nonEmptyOr(stripPleasantries(s), s);
        }
        if (options.stripTrailingPunctuation()) {
            s = nonEmptyOr(stripTrailingPunctuation(s), s);
        }
        return s;
    }

    /** The steps this normaliser applies; part of the cache key, since changing them changes every key. */
    public NormalizationOptions options() {
        return options;
    }

    /**
     * NFKC turns superscript and subscript digits into plain ones, so "2³" and "23" would become one text
     * and share an exact-cache key. Mark them first ("2^3", "h_2o") so that they stay apart.
     */
    static String markRaisedDigits(String s) {
        StringBuilder out = null;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            String mark = switch (c) {
                case '\u00B9' -> "^1";
                case '\u00B2' -> "^2";
                case '\u00B3' -> "^3";
                default -> c >= '\u2070' && c <= '\u2079' ? "^" + (char) ('0' + c - '\u2070')
                        : c >= '\u2080' && c <= '\u2089' ? "_" + (char) ('0' + c - '\u2080') : null;
            };
            if (mark != null && out == null) {
                out = new StringBuilder(s.length() + 8).append(s, 0, i);
            }
            if (out != null) {
                if (mark != null) {
                    out.append(mark);
                } else {
                    out.append(c);
                }
            }
        }
        return out == null ? s : out.toString();
    }

    private static String collapseWhitespace(String s) {
        StringBuilder out = new StringBuilder(s.length());
        boolean pendingSpace = false;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isWhitespace(c) || Character.isSpaceChar(c)) {
                pendingSpace = out.length() > 0;
            } else {
                if (pendingSpace) {
                    out.append(' ');
                    pendingSpace = false;
                }
                out.append(c);
            }
        }
        return out.toString();
    }

    private static String stripPleasantries(String s) {
        String previous;
        do {
            previous = s;
            s = stripLeadingGreeting(s);
        } while (!s.equals(previous));
        while (true) {
            // Look past trailing punctuation ("... thanks!") but keep the punctuation before the pleasantry
            // ("password? thanks" -> "password?"): removing that is stripTrailingPunctuation's call.
            String bare = stripTrailingPunctuation(s);
            String stripped = stripTrailingPleasantry(bare);
            if (stripped.length() == bare.length()) {
                return s;
            }
            s = stripTrailingCommas(stripped);
        }
    }

    private static String stripLeadingGreeting(String s) {
        for (String phrase : LEADING) {
            int end = phrase.length();
            if (s.regionMatches(true, 0, phrase, 0, end) && (end == s.length() || isSeparator(s.charAt(end)))) {
                while (end < s.length() && isSeparator(s.charAt(end))) {
                    end++;
                }
                return s.substring(end);
            }
        }
        return s;
    }

    private static String stripTrailingPleasantry(String s) {
        for (String phrase : TRAILING) {
            int start = s.length() - phrase.length();
            if (start >= 0 && s.regionMatches(true, start, phrase, 0, phrase.length())
                    && (start == 0 || isSeparator(s.charAt(start - 1)))) {
                return s.substring(0, start);
            }
        }
        return s;
    }

    private static String stripTrailingPunctuation(String s) {
        int end = s.length();
        while (end > 0 && (isTrailingPunctuation(s.charAt(end - 1)) || Character.isWhitespace(s.charAt(end - 1)))) {
            end--;
        }
        return s.substring(0, end);
    }

    private static String stripTrailingCommas(String s) {
        int end = s.length();
        while (end > 0 && (Character.isWhitespace(s.charAt(end - 1)) || s.charAt(end - 1) == ','
                || s.charAt(end - 1) == ';' || s.charAt(end - 1) == ':')) {
            end--;
        }
        return s.substring(0, end);
    }

    /** What may stand between a greeting or pleasantry and the rest of the text. */
    private static boolean isSeparator(char c) {
        return Character.isWhitespace(c) || c == ',' || c == '!' || c == '.' || c == ';' || c == ':' || c == '?';
    }

    private static boolean isTrailingPunctuation(char c) {
        return switch (c) {
            case '?', '!', '.', ',', ';', ':', '\u2026', '\u00BF', '\u00A1' -> true;
            default -> false;
        };
    }

    private static String nonEmptyOr(String candidate, String fallback) {
        return candidate.isEmpty() ? fallback : candidate;
    }
}
