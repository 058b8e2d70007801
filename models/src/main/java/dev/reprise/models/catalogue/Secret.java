package dev.reprise.models.catalogue;

/**
 * An API key or other credential. {@link #toString()} never shows it, so a secret that ends up in a
 * log line, an exception message or a debugger shows as {@code ****}.
 */
public final class Secret {

    private static final Secret NONE = new Secret("");

    private final String value;

    private Secret(String value) {
        this.value = value;
    }

    public static Secret of(String value) {
        return value == null || value.isEmpty() ? NONE : new Secret(value);
    }

    public static Secret none() {
        return NONE;
    }

    /** The secret itself: call only where it is sent upstream. */
    public String reveal() {
        return value;
    }

    public boolean isPresent() {
        return !value.isEmpty();
    }

    @Override
    public String toString() {
        return value.isEmpty() ? "(none)" : "****";
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Secret s && s.value.equals(value);
    }

    @Override
    public int hashCode() {
        return value.hashCode();
    }
}
