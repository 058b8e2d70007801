package dev.reprise.gateway.guardrails.injection;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds text hidden in a prompt and decodes it, so the detector can read it as if it were plain: long base64 and hex
 * runs that decode to readable UTF-8, Unicode tag characters (invisible ASCII), and the ROT13 and the reversal of
 * the whole prompt.
 * Short runs are skipped: order numbers and tracking codes are not payloads.
 */
final class EncodedPayloads {

    /** A decoded payload and how it was hidden. */
    record Payload(String scheme, String text) {
    }

    private static final Pattern BASE64 = Pattern.compile("[A-Za-z0-9+/_-]{24,}={0,2}");
    /** Hex runs shorter than this many bytes are ids and hashes, not payloads. */
    private static final int MIN_HEX_BYTES = 16;
    private static final int TAG_START = 0xE0000;
    private static final int TAG_END = 0xE007F;
    private static final int MIN_TAGS = 4;
    private static final Set<String> COMMON = Set.of("the", "and", "you", "your", "to", "of",
            "a", "is", "me", "my", "all", "it", "i", "in", "for", "now", "what", "this", "are", "give", "tell");

    private EncodedPayloads() {
    }

    static boolean isTag(int codePoint) {
        return codePoint >= TAG_START && codePoint <= TAG_END;
    }

    static List<Payload> find(String text) {
        List<Payload> found = new ArrayList<>();
        tags(text, found);
        for (String digits : hexRuns(text)) {
            readable(HexFormat.of().parseHex(digits)).ifPresent(t -> found.add(new Payload("hex", t)));
        }
        Matcher b64 = BASE64.matcher(text);
        while (b64.find()) {
            String run = b64.group();
            if (run.matches("[0-9a-fA-F]+")) {
                continue; // read as hex above
            }
            try {
                byte[] bytes = run.indexOf('-') >= 0 || run.indexOf('_') >= 0
                        ? Base64.getUrlDecoder().decode(run.replace("=", ""))
                        : Base64.getDecoder().decode(padded(run));
                readable(bytes).ifPresent(t -> found.add(new Payload("base64", t)));
            } catch (IllegalArgumentException notBase64) {
                // a long word-like token that is not base64: nothing hidden
            }
        }
        String rot = rot13(text);
        // Only when the ROT13 reads more like English than the prompt does: embedding gibberish costs a model run.
        if (commonWords(rot) > commonWords(text)) {
            found.add(new Payload("rot13", rot));
        }
        found.add(new Payload("reversed", new StringBuilder(text).reverse().toString()));
        return found;
    }

    /**
     * The digits of each run of at least {@link #MIN_HEX_BYTES} hex pairs, each pair optionally followed by one space
     * or colon, that starts and ends on a word boundary. A scan, not a regex: a regex's repeated group recurses once
     * per pair, and a prompt of a few megabytes of "aaaa" overflowed the stack.
     */
    static List<String> hexRuns(String text) {
        List<String> runs = new ArrayList<>();
        int n = text.length();
        int i = 0;
        while (i < n) {
            if (!isHex(text.charAt(i)) || (i > 0 && isWordChar(text.charAt(i - 1)))) {
                i++;
                continue;
            }
            StringBuilder digits = new StringBuilder();
            int end = i;
            int bestEnd = -1;
            int bestDigits = 0;
            while (end + 1 < n && isHex(text.charAt(end)) && isHex(text.charAt(end + 1))) {
                digits.append(text, end, end + 2);
                end += 2;
                // The run may end after the pair or after its separator, wherever a word boundary follows.
                if (digits.length() >= 2 * MIN_HEX_BYTES && boundaryAt(text, end)) {
                    bestEnd = end;
                    bestDigits = digits.length();
                }
                if (end < n && (text.charAt(end) == ' ' || text.charAt(end) == ':')) {
                    end++;
                    if (digits.length() >= 2 * MIN_HEX_BYTES && boundaryAt(text, end)) {
                        bestEnd = end;
                        bestDigits = digits.length();
                    }
                }
            }
            if (bestEnd >= 0) {
                runs.add(digits.substring(0, bestDigits));
            }
            i = Math.max(end, i + 1);
        }
        return runs;
    }

    private static boolean boundaryAt(String text, int at) {
        boolean before = at > 0 && isWordChar(text.charAt(at - 1));
        boolean after = at < text.length() && isWordChar(text.charAt(at));
        return before != after;
    }

    private static boolean isHex(char c) {
        return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
    }

    private static boolean isWordChar(char c) {
        return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
    }

    private static long commonWords(String text) {
        return Arrays.stream(text.toLowerCase(Locale.ROOT).split("[^a-z]+"))
                .filter(COMMON::contains).count();
    }

    static String rot13(String text) {
        StringBuilder out = new StringBuilder(text.length());
        for (char c : text.toCharArray()) {
            if (c >= 'a' && c <= 'z') {
                out.append((char) ('a' + (c - 'a' + 13) % 26));
            } else if (c >= 'A' && c <= 'Z') {
                out.append((char) ('A' + (c - 'A' + 13) % 26));
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    private static void tags(String text, List<Payload> found) {
        StringBuilder hidden = new StringBuilder();
        text.codePoints().filter(EncodedPayloads::isTag).forEach(cp -> hidden.append((char) (cp - TAG_START)));
        if (hidden.length() >= MIN_TAGS) {
            found.add(new Payload("unicode-tags", hidden.toString()));
        }
    }

    private static String padded(String run) {
        String bare = run.replace("=", "");
        return bare + "=".repeat((4 - bare.length() % 4) % 4);
    }

    // Readable means valid UTF-8 with mostly letters and spaces, so random bytes from an ID are not "decoded text".
    private static Optional<String> readable(byte[] bytes) {
        try {
            String text = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes)).toString();
            long letters = text.chars().filter(c -> Character.isLetter(c) || c == ' ').count();
            boolean words = text.indexOf(' ') > 0;
            return letters >= text.length() * 0.8 && words ? Optional.of(text) : Optional.empty();
        } catch (CharacterCodingException notText) {
            return Optional.empty();
        }
    }
}
