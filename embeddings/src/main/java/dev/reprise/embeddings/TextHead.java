package dev.reprise.embeddings;

/**
 * The head of a text a tokenizer needs to fill its window. Tokenising a long text costs in proportion to its length,
 * and truncation then throws most of it away: a few megabytes of prompt took seconds to tokenise for 256 tokens.
 */
final class TextHead {

    /** Characters read per token of a window: natural text needs far fewer, so the window fills as from the whole. */
    static final int CHARS_PER_TOKEN = 8;

    private TextHead() {
    }

    /** The first {@code maxChars} characters of {@code text}, cut at a space near there when there is one. */
    static String cut(String text, int maxChars) {
        if (text.length() <= maxChars) {
            return text;
        }
        for (int i = maxChars; i > maxChars - 32; i--) {
            if (Character.isWhitespace(text.charAt(i))) {
                return text.substring(0, i);
            }
        }
        int cut = maxChars;
        if (Character.isHighSurrogate(text.charAt(cut - 1))) {
            cut--;
        }
        return text.substring(0, cut);
    }
}
