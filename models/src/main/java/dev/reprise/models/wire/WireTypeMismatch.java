package dev.reprise.models.wire;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;

/**
 * A field whose JSON type is not one the wire allows, thrown by the readers of fields that take more
 * than one shape ({@code content}, {@code stop}); {@link #expected()} says which shapes, in words a client can act on.
 */
public final class WireTypeMismatch extends MismatchedInputException {

    private final String expected;

    WireTypeMismatch(JsonParser p, Class<?> target, String expected) {
        super(p, "expected " + expected, target);
        this.expected = expected;
    }

    /** What the field accepts, e.g. "a string or an array of strings". */
    public String expected() {
        return expected;
    }
}
