package dev.reprise.gateway.ledger;

import java.util.Optional;

/**
 * Where a page of {@code /admin/requests} ends: the last row's arrival time and id. Written as
 * {@code <epoch-ms>-<id>}; the next page holds only older rows, so new traffic never shifts the pages.
 */
public record RequestCursor(long atMillis, long id) {

    @Override
    public String toString() {
        return atMillis + "-" + id;
    }

    /** The cursor in {@code text}, or empty when it is not one. */
    public static Optional<RequestCursor> parse(String text) {
        int dash = text.indexOf('-');
        if (dash <= 0 || dash == text.length() - 1) {
            return Optional.empty();
        }
        try {
            long at = Long.parseLong(text.substring(0, dash));
            long id = Long.parseLong(text.substring(dash + 1));
            return at < 0 || id < 0 ? Optional.empty() : Optional.of(new RequestCursor(at, id));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }
}
