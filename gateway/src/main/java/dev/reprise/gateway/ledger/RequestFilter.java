package dev.reprise.gateway.ledger;

import java.time.Instant;
import java.util.Objects;

/**
 * Which requests {@code /admin/requests} lists: a time range (both ends included), optional exact filters (null
 * for any) and the page: at most {@code limit} rows older than the cursor {@code before}.
 *
 * @param status   an HTTP status, or null
 * @param errors   true for every request that did not answer 200, false for those that did, null for all
 * @param fallback true for requests a fallback alias served, false for the others, null for all
 * @param tier     a cache tier label ({@code hit-exact}, ...), or null
 */
public record RequestFilter(Instant from, Instant to, String model, String tenant, Integer status, Boolean errors,
                            Boolean fallback, String tier, int limit, RequestCursor before) {

    public static final int DEFAULT_LIMIT = 50;
    public static final int MAX_LIMIT = 500;

    public RequestFilter {
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new IllegalArgumentException("limit must be 1.." + MAX_LIMIT + ", got " + limit);
        }
    }
}
