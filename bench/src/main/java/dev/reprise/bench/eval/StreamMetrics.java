package dev.reprise.bench.eval;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Counts from one or more stream replays, and the rates reported from them. A hit is wrong when the served entry
 * was stored for a query of another intent; a query is an ideal hit when an earlier query had its intent.
 *
 * @param queries              lookups
 * @param exactHits            hits of the exact tier
 * @param semanticHits         hits of the semantic tier
 * @param wrongHits            hits that served another intent's answer
 * @param ideal                queries whose intent was seen before: what a perfect cache would hit
 * @param guardRejections      semantic misses where a guard turned the best candidate away
 * @param guardFalseRejections of those, the ones whose best candidate had the same intent
 * @param tokensSaved          tokens not sent to a provider, at the pricing's per-request tokens
 * @param dollarsSaved         dollars not spent, at the pricing's prices
 */
public record StreamMetrics(long queries, long exactHits, long semanticHits, long wrongHits, long ideal,
                            long guardRejections, long guardFalseRejections, long tokensSaved, double dollarsSaved) {

    public static final StreamMetrics EMPTY = new StreamMetrics(0, 0, 0, 0, 0, 0, 0, 0, 0);

    public static StreamMetrics of(List<StreamQuery> queries, List<LookupOutcome> outcomes, Pricing pricing) {
        if (queries.size() != outcomes.size()) {
            throw new IllegalArgumentException(queries.size() + " queries but " + outcomes.size() + " outcomes");
        }
        Set<String> seen = new HashSet<>();
        long exact = 0, semantic = 0, wrong = 0, ideal = 0, guard = 0, guardFalse = 0;
        for (int i = 0; i < queries.size(); i++) {
            String intent = queries.get(i).intent();
            if (!seen.add(intent)) {
                ideal++;
            }
            LookupOutcome o = outcomes.get(i);
            switch (o.tier()) {
                case EXACT -> exact++;
                case SEMANTIC -> semantic++;
                case MISS -> {
                    if (o.guardRejected()) {
                        guard++;
                        if (queries.get(o.best()).intent().equals(intent)) {
                            guardFalse++;
                        }
                    }
                }
            }
            if (o.isHit() && !queries.get(o.servedFrom()).intent().equals(intent)) {
                wrong++;
            }
        }
        long hits = exact + semantic;
        return new StreamMetrics(queries.size(), exact, semantic, wrong, ideal, guard, guardFalse,
                hits * pricing.tokensPerRequest(), hits * pricing.dollarsPerRequest());
    }

    /** Pools two results, as if their streams were one. */
    public StreamMetrics plus(StreamMetrics o) {
        return new StreamMetrics(queries + o.queries, exactHits + o.exactHits, semanticHits + o.semanticHits,
                wrongHits + o.wrongHits, ideal + o.ideal, guardRejections + o.guardRejections,
                guardFalseRejections + o.guardFalseRejections, tokensSaved + o.tokensSaved,
                dollarsSaved + o.dollarsSaved);
    }

    public long hits() {
        return exactHits + semanticHits;
    }

    public double hitRate() {
        return ratio(hits(), queries);
    }

    /** Wrong hits as a share of hits: the metric {@code --max-false-hits} bounds. */
    public double wrongShare() {
        return ratio(wrongHits, hits());
    }

    public double idealRate() {
        return ratio(ideal, queries);
    }

    /** Hits as a share of the ideal hits. */
    public double shareOfIdeal() {
        return ratio(hits(), ideal);
    }

    /** Right hits as a share of the ideal hits. */
    public double rightShareOfIdeal() {
        return ratio(hits() - wrongHits, ideal);
    }

    private static double ratio(long a, long b) {
        return b == 0 ? 0 : (double) a / b;
    }
}
