package dev.reprise.bench.eval;

import java.util.Objects;

/**
 * One line of an evaluation stream: a query as a user sent it and the intent that decides whether a cached answer
 * to another query is right for it.
 *
 * @param q      the raw query text
 * @param intent the label; two queries with equal intents may share an answer
 */
public record StreamQuery(String q, String intent) {
    public StreamQuery {
        Objects.requireNonNull(q, "q");
        Objects.requireNonNull(intent, "intent");
    }
}
