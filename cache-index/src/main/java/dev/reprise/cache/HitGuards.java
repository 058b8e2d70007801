package dev.reprise.cache;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Text checks that veto a semantic match embeddings cannot tell apart: different numbers or IDs
 * ("order 1234" vs "order 5678") and opposite polarity ("is working" vs "is not working").
 *
 * <p>Numbers guard: the multisets of tokens containing a digit must be equal, after spelled numbers
 * zero..twenty become digits ("two" = "2"). Tokens in {@link #TERMS_WITH_DIGITS} (2fa, mp3, 5g, ...) are words,
 * not numbers, and are ignored. Because "one" counts as 1, "which one" vs "which" is rejected: a safe miss.
 *
 * <p>Negation guard: both texts negate, or neither does; double negation is not resolved.
 *
 * <p>Contextual guards ({@link HitPolicy.Guards#contextual()}) keep both vetoes where they catch wrong hits and drop
 * the false rejections the evaluator measured on support queries: "one" is mostly a pronoun or article ("how do I
 * get one", "one of your services"), so it is not a number; and a negation difference only vetoes texts whose
 * other words mostly coincide (word-set Jaccard at least {@link #NEGATION_CONTEXT_OVERLAP}), because that is when
 * an embedding cannot see it, while paraphrases worded apart that differ in polarity ("i can't find my card" vs
 * "where is my card") were same-intent far more often than not.
 */
public final class HitGuards {

    /** Alphanumeric terms that name things rather than quantities or IDs; extend when a false miss shows up. */
    public static final Set<String> TERMS_WITH_DIGITS = Set.of(
            "2fa", "mp3", "mp4", "3g", "4g", "5g", "2d", "3d", "b2b", "b2c", "p2p", "covid19", "covid-19",
            "ipv4", "ipv6", "utf8", "utf-8", "base64", "sha1", "sha256", "md5", "oauth2", "http2", "http3",
            "s3", "ec2", "h264", "x86", "x64", "arm64", "i18n", "l10n", "k8s", "a11y", "web3", "gpt4", "gpt-4",
            "gpt-4o", "gpt-3.5", "ps5", "wifi6");

    private static final Set<String> NEGATIONS = Set.of(
            "not", "no", "never", "cannot", "without", "nothing", "none", "nobody", "nowhere", "neither", "nor",
            // contractions as normalisers leave them once apostrophes are stripped
            "dont", "doesnt", "didnt", "isnt", "arent", "wasnt", "werent", "cant", "couldnt", "wont", "wouldnt",
            "shouldnt", "hasnt", "havent", "hadnt", "aint", "mustnt", "neednt", "mightnt", "shant");

    /** Least word overlap, negations left out, at which a contextual negation guard still vetoes. */
    public static final double NEGATION_CONTEXT_OVERLAP = 0.5;

    private static final Map<String, String> SPELLED = spelledNumbers();
    private static final Pattern WHITESPACE = Pattern.compile("\\s+");
    private static final Pattern DIGIT_GROUPING = Pattern.compile("(?<=\\d),(?=\\d)");

    private HitGuards() {
    }

    /** The first guard that rejects serving {@code candidate} for {@code query}, if any (numbers before negation). */
    public static Optional<SemanticLookup.MissReason> rejection(String query, String candidate, HitPolicy.Guards guards) {
        boolean contextual = guards.contextual();
        if (guards.numbers() && !(contextual ? numbersAgreeInContext(query, candidate) : numbersAgree(query, candidate))) {
            return Optional.of(SemanticLookup.MissReason.GUARD_NUMBERS);
        }
        if (guards.negation() && !(contextual ? negationAgreesInContext(query, candidate)
                : negationAgrees(query, candidate))) {
            return Optional.of(SemanticLookup.MissReason.GUARD_NEGATION);
        }
        return Optional.empty();
    }

    /** Like {@link #numbersAgree} but the word "one" is not a number. */
    public static boolean numbersAgreeInContext(String a, String b) {
        return numberTokens(a, false).equals(numberTokens(b, false));
    }

    /** Like {@link #negationAgrees}, but texts that share too few other words agree whatever their polarity. */
    public static boolean negationAgreesInContext(String a, String b) {
        return negates(a) == negates(b) || wordOverlap(a, b) < NEGATION_CONTEXT_OVERLAP;
    }

    /** Jaccard similarity of the two texts' word sets, negation words left out. */
    static double wordOverlap(String a, String b) {
        Set<String> wa = plainWords(a);
        Set<String> wb = plainWords(b);
        if (wa.isEmpty() && wb.isEmpty()) {
            return 1;
        }
        int shared = 0;
        for (String w : wa) {
            if (wb.contains(w)) {
                shared++;
            }
        }
        return (double) shared / (wa.size() + wb.size() - shared);
    }

    private static Set<String> plainWords(String text) {
        Set<String> out = new HashSet<>();
        for (String raw : WHITESPACE.split(text.toLowerCase(Locale.ROOT))) {
            String token = trimPunctuation(raw.replace('\u2019', '\''));
            if (!token.isEmpty() && !NEGATIONS.contains(token) && !token.endsWith("n't")) {
                out.add(token);
            }
        }
        return out;
    }

    /** True when both texts hold the same numbers and IDs, counted with multiplicity. */
    public static boolean numbersAgree(String a, String b) {
        return numberTokens(a).equals(numberTokens(b));
    }

    /** True when both texts negate or neither does. */
    public static boolean negationAgrees(String a, String b) {
        return negates(a) == negates(b);
    }

    static Map<String, Integer> numberTokens(String text) {
        return numberTokens(text, true);
    }

    private static Map<String, Integer> numberTokens(String text, boolean oneIsNumber) {
        Map<String, Integer> counts = new HashMap<>();
        for (String raw : WHITESPACE.split(text.toLowerCase(Locale.ROOT))) {
            String token = trimPunctuation(raw);
            String spelled = SPELLED.get(token);
            if (!oneIsNumber && token.equals("one")) {
                continue;
            }
            if (spelled != null) {
                token = spelled;
            } else if (!hasDigit(token) || TERMS_WITH_DIGITS.contains(token)) {
                continue;
            }
            counts.merge(DIGIT_GROUPING.matcher(token).replaceAll(""), 1, Integer::sum);
        }
        return counts;
    }

    static boolean negates(String text) {
        for (String raw : WHITESPACE.split(text.toLowerCase(Locale.ROOT))) {
            String token = trimPunctuation(raw.replace('\u2019', '\''));
            if (NEGATIONS.contains(token) || token.endsWith("n't")) {
                return true;
            }
        }
        return false;
    }

    /** Drops leading and trailing punctuation ("#1234?" becomes "1234") but keeps currency and percent signs. */
    private static String trimPunctuation(String token) {
        int start = 0;
        int end = token.length();
        while (start < end && !kept(token.charAt(start))) {
            start++;
        }
        while (end > start && !kept(token.charAt(end - 1))) {
            end--;
        }
        return token.substring(start, end);
    }

    private static boolean kept(char c) {
        return Character.isLetterOrDigit(c) || c == '$' || c == '%' || c == '\u20AC' || c == '\u00A3';
    }

    private static boolean hasDigit(String token) {
        for (int i = 0; i < token.length(); i++) {
            if (Character.isDigit(token.charAt(i))) {
                return true;
            }
        }
        return false;
    }

    private static Map<String, String> spelledNumbers() {
        String[] words = {"zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
                "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen",
                "nineteen", "twenty"};
        Map<String, String> map = new HashMap<>();
        for (int i = 0; i < words.length; i++) {
            map.put(words[i], Integer.toString(i));
        }
        return Map.copyOf(map);
    }
}
