package dev.reprise.bench.eval;

/**
 * One line of an evaluation stream: a query as a user sent it and the intent that decides whether a cached answer
 * to another query is right for it.
 *
 * @param q      the raw query text
 * @param intent the label; two queries with equal intents may share an answer
 */
public record StreamQuery(String q, String intent) {
    public StreamQuery {
        if (q == null) {
            throw new IllegalArgumentException("no \"q\" (the query text)");
        }
        if (intent == null) {
            throw new IllegalArgumentException("no \"intent\": every query needs a label. The gateway's export leaves it "
                    + "null when the request had no x-reprise-intent header; fill it in, or export with labelled=true");
        }
    }
}
