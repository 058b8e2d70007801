package dev.reprise.gateway.querylog;

import java.time.Instant;
import java.util.Objects;

/** A verdict given through {@code POST /admin/cache/entries/{id}/feedback} on the answer stored as {@code entry}. */
public record FeedbackRecord(Instant time, String entry, boolean correct) implements LogRecord {

    public FeedbackRecord {
        Objects.requireNonNull(time, "time");
        Objects.requireNonNull(entry, "entry");
    }
}
