package dev.reprise.gateway.config;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The values that environment variables put into one config while it was read, so that an error message
 * shows the reference the file holds ({@code '${OPENAI_API_KEY}' is not an http(s) URL}) instead of the
 * value, whatever the key: a secret referenced from the wrong key is still a secret.
 */
final class SubstitutedValues {

    /**
     * Values at least this long are hidden wherever they appear; shorter ones only where a message quotes
     * them whole, so that a variable holding "1" does not turn {@code models[1]} into {@code models[${N}]}.
     */
    static final int MIN_UNQUOTED_LENGTH = 8;

    private record Substitution(String written, String value) {
    }

    private final List<Substitution> substitutions = new ArrayList<>();

    /** Records that {@code written} (a reference, or a value holding references) was read as {@code value}. */
    void add(String written, String value) {
        if (!value.isEmpty() && !value.equals(written)) {
            substitutions.add(new Substitution(written, value));
        }
    }

    boolean isEmpty() {
        return substitutions.isEmpty();
    }

    /** {@code message} with every recorded value replaced by what the file says, the longest values first. */
    String redact(String message) {
        if (message == null) {
            return null;
        }
        String out = message;
        List<Substitution> longestFirst = substitutions.stream()
                .sorted(Comparator.comparingInt((Substitution s) -> s.value().length()).reversed())
                .toList();
        for (Substitution s : longestFirst) {
            out = s.value().length() >= MIN_UNQUOTED_LENGTH
                    ? out.replace(s.value(), s.written())
                    : out.replace("'" + s.value() + "'", "'" + s.written() + "'");
        }
        return out;
    }
}
