package dev.reprise.bench.eval;

/**
 * Pair results at one decision setting.
 *
 * @param same          pairs labelled same
 * @param different     pairs labelled different
 * @param sameHits      same pairs the cache would serve: right hits
 * @param differentHits different pairs the cache would serve: false hits
 */
public record PairMetrics(long same, long different, long sameHits, long differentHits) {

    public static final PairMetrics EMPTY = new PairMetrics(0, 0, 0, 0);

    /** Share of same pairs that hit. */
    public double recall() {
        return same == 0 ? 0 : (double) sameHits / same;
    }

    /** Share of different pairs that hit. */
    public double falseHitRate() {
        return different == 0 ? 0 : (double) differentHits / different;
    }

    public PairMetrics plus(PairMetrics o) {
        return new PairMetrics(same + o.same, different + o.different, sameHits + o.sameHits,
                differentHits + o.differentHits);
    }
}
