package dev.reprise.gateway.error;

/**
 * Quotes something a client sent inside an error message, cut short: an answer that echoed a 4 MB model
 * name whole would be a 4 MB answer, written to every log and dashboard that keeps error bodies.
 */
public final class ClientValue {

    /** The longest stretch of a client's value an error message quotes. */
    public static final int MAX_QUOTED = 100;

    private ClientValue() {
    }

    /** The value in single quotes, cut as {@link #truncate} does. */
    public static String quote(String value) {
        return "'" + truncate(value) + "'";
    }

    /**
     * The value itself when it is at most {@link #MAX_QUOTED} characters long; else its first ones, an
     * ellipsis and its full length, so the reader knows it was cut: {@code aaaa… (4000000 characters)}.
     */
    public static String truncate(String value) {
        return truncate(value, MAX_QUOTED);
    }

    static String truncate(String value, int max) {
        if (value == null || value.length() <= max) {
            return value;
        }
        // Never split a surrogate pair: half a character would turn into '?' in the JSON answer.
        int end = Character.isHighSurrogate(value.charAt(max - 1)) ? max - 1 : max;
        return value.substring(0, end) + "… (" + value.length() + " characters)";
    }
}
