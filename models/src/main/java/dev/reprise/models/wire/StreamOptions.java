package dev.reprise.models.wire;

/** {@code stream_options}: with {@code include_usage} the last chunk carries the usage. */
public record StreamOptions(Boolean includeUsage) {

    public boolean wantsUsage() {
        return Boolean.TRUE.equals(includeUsage);
    }
}
