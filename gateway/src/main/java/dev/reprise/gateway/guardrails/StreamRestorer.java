package dev.reprise.gateway.guardrails;

import dev.reprise.gateway.stream.TextFilter;

import java.util.Map;

/**
 * Puts a redacted request's values back into its streamed answer: sends each piece at once, except from an unclosed
 * {@code [} whose text so far begins one of the request's placeholders ({@code [EMA}, {@code [EMAIL_1}), held until
 * the placeholder is complete or cannot be one. Per stream.
 */
public final class StreamRestorer implements TextFilter {

    private final Map<String, String> values;
    private String held = "";

    /** @param values each placeholder and its value ({@link Redaction#restorable()}) */
    public StreamRestorer(Map<String, String> values) {
        this.values = Map.copyOf(values);
    }

    @Override
    public String next(String piece) {
        String text = held + piece;
        // A placeholder holds one '[', at its start: only the last one can open a placeholder still to come.
        int open = text.lastIndexOf('[');
        int cut = open >= 0 && beginsPlaceholder(text.substring(open)) ? open : text.length();
        held = text.substring(cut);
        return restore(text.substring(0, cut));
    }

    @Override
    public String flush() {
        String out = restore(held);
        held = "";
        return out;
    }

    /** How many characters are held back now. */
    public int held() {
        return held.length();
    }

    private boolean beginsPlaceholder(String tail) {
        for (String placeholder : values.keySet()) {
            if (placeholder.length() > tail.length() && placeholder.startsWith(tail)) {
                return true;
            }
        }
        return false;
    }

    private String restore(String text) {
        if (text.indexOf('[') < 0) {
            return text;
        }
        String out = text;
        for (Map.Entry<String, String> e : values.entrySet()) {
            out = out.replace(e.getKey(), e.getValue());
        }
        return out;
    }
}
