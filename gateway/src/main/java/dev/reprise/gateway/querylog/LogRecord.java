package dev.reprise.gateway.querylog;

import java.time.Instant;

/** One line of the query log: a query that reached the cache lookup, or a verdict on a cache entry. */
public sealed interface LogRecord permits QueryRecord, FeedbackRecord {

    /** When it happened: a query's arrival, a verdict's receipt. */
    Instant time();
}
