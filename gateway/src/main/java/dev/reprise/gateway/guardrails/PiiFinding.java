package dev.reprise.gateway.guardrails;

/** One piece of sensitive data in a text: its kind and where it is ({@code start} inclusive, {@code end} exclusive). */
public record PiiFinding(PiiType type, int start, int end) {

    public PiiFinding {
        if (start < 0 || end <= start) {
            throw new IllegalArgumentException("bad span [" + start + ", " + end + ")");
        }
    }

    boolean overlaps(PiiFinding other) {
        return start < other.end && other.start < end;
    }
}
