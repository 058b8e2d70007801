package dev.reprise.bench.guardrails.pii;

import java.util.List;
import java.util.Random;

/** Random pieces of values: digits, letters, tokens, a choice from a list. */
final class Draw {

    static final String UPPER = "ABCDEFGHIJKLMNOPQRSTUVWXYZ";
    static final String ALNUM = UPPER + "abcdefghijklmnopqrstuvwxyz0123456789";
    static final String HEX = "0123456789abcdef";

    private Draw() {
    }

    static String digits(Random r, int n) {
        return chars(r, "0123456789", n);
    }

    static String chars(Random r, String alphabet, int n) {
        StringBuilder s = new StringBuilder(n);
        for (int i = 0; i < n; i++) {
            s.append(alphabet.charAt(r.nextInt(alphabet.length())));
        }
        return s.toString();
    }

    /** An integer in [from, to] written with {@code width} digits. */
    static String number(Random r, int from, int to, int width) {
        return String.format("%0" + width + "d", from + r.nextInt(to - from + 1));
    }

    @SafeVarargs
    static <T> T pick(Random r, T... options) {
        return options[r.nextInt(options.length)];
    }

    static <T> T pick(Random r, List<T> options) {
        return options.get(r.nextInt(options.size()));
    }

    /** {@code s} cut into groups of the given sizes, joined by {@code sep}; what is left over is a last group. */
    static String group(String s, String sep, int... sizes) {
        StringBuilder out = new StringBuilder();
        int at = 0;
        for (int size : sizes) {
            if (at >= s.length()) {
                break;
            }
            if (at > 0) {
                out.append(sep);
            }
            out.append(s, at, Math.min(s.length(), at + size));
            at += size;
        }
        if (at < s.length()) {
            out.append(sep).append(s.substring(at));
        }
        return out.toString();
    }

    /** Groups of four, as IBANs are printed and most cards embossed. */
    static String fours(String s, String sep) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < s.length(); i += 4) {
            if (i > 0) {
                out.append(sep);
            }
            out.append(s, i, Math.min(s.length(), i + 4));
        }
        return out.toString();
    }
}
