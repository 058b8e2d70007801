package dev.reprise.cache;

import java.util.Objects;

/**
 * When a semantic candidate may be served. Without {@code verification}: its cosine similarity reaches
 * {@code threshold} and the enabled {@link HitGuards} accept it. With it, the cosine only finds candidates
 * (down to {@link Verification#recallFloor()}), the guards still veto, and an {@link AnswerVerifier} decides;
 * {@code threshold} is then unused.
 *
 * @param threshold    lowest cosine similarity that counts as a hit, in [0, 1], when nothing verifies
 * @param guards       which text guards run on a candidate
 * @param verification the verifier's rule, or null for the cosine threshold alone
 */
public record HitPolicy(double threshold, Guards guards, Verification verification) {

    public HitPolicy {
        if (!(threshold >= 0 && threshold <= 1)) {
            throw new IllegalArgumentException("threshold must be between 0 and 1, got " + threshold);
        }
        Objects.requireNonNull(guards, "guards");
    }

    /** A cosine-threshold policy: no verifier. */
    public HitPolicy(double threshold, Guards guards) {
        this(threshold, guards, null);
    }

    /** This policy with the verifier deciding by {@code rule}. */
    public HitPolicy verifiedBy(Verification rule) {
        return new HitPolicy(threshold, guards, Objects.requireNonNull(rule, "rule"));
    }

    public boolean verifies() {
        return verification != null;
    }

    /** A policy with both guards on. */
    public static HitPolicy of(double threshold) {
        return new HitPolicy(threshold, Guards.ALL);
    }

    /**
     * A policy with both guards on in their contextual form (see {@link Guards#contextual()}), which the evaluator
     * found to reject far fewer true paraphrases at the same false-hit rate.
     */
    public static HitPolicy contextual(double threshold) {
        return new HitPolicy(threshold, Guards.CONTEXTUAL);
    }

    /**
     * Which guards run, and how strictly.
     *
     * @param numbers    reject when the number-or-ID tokens differ ("order 1234" vs "order 5678")
     * @param negation   reject when one text negates and the other does not
     * @param contextual judge in context instead of token by token: the word "one" is not read as a number ("get
     *                   one" vs "get it"), and a negation difference vetoes only texts that otherwise share most of
     *                   their words ("is working" vs "is not working"), not paraphrases worded apart ("i can't find
     *                   my card" vs "where is my card"); see {@link HitGuards}
     */
    public record Guards(boolean numbers, boolean negation, boolean contextual) {
        public static final Guards ALL = new Guards(true, true);
        public static final Guards NONE = new Guards(false, false);
        /** Both guards, contextual. */
        public static final Guards CONTEXTUAL = new Guards(true, true, true);

        /** Strict guards, token by token: the form before contextual guards existed. */
        public Guards(boolean numbers, boolean negation) {
            this(numbers, negation, false);
        }
    }
}
