package dev.reprise.cache;

import java.util.Objects;

/**
 * When a semantic candidate may be served: its cosine similarity reaches {@code threshold} and the enabled
 * {@link HitGuards} accept it.
 *
 * @param threshold lowest cosine similarity that counts as a hit, in [0, 1]
 * @param guards    which text guards run on a candidate above the threshold
 */
public record HitPolicy(double threshold, Guards guards) {

    public HitPolicy {
        if (!(threshold >= 0 && threshold <= 1)) {
            throw new IllegalArgumentException("threshold must be between 0 and 1, got " + threshold);
        }
        Objects.requireNonNull(guards, "guards");
    }

    /** A policy with both guards on. */
    public static HitPolicy of(double threshold) {
        return new HitPolicy(threshold, Guards.ALL);
    }

    /**
     * Which guards run.
     *
     * @param numbers  reject when the number-or-ID tokens differ ("order 1234" vs "order 5678")
     * @param negation reject when one text negates and the other does not
     */
    public record Guards(boolean numbers, boolean negation) {
        public static final Guards ALL = new Guards(true, true);
        public static final Guards NONE = new Guards(false, false);
    }
}
