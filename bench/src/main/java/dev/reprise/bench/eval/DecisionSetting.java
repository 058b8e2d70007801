package dev.reprise.bench.eval;

import dev.reprise.cache.AnswerVerifier;
import dev.reprise.cache.HitPolicy;
import dev.reprise.cache.Verification;

import java.util.List;
import java.util.Locale;
import java.util.function.DoubleFunction;

/**
 * A named way of turning a threshold into the gateway's {@link HitPolicy}, so that decisions can be compared at
 * every threshold of a sweep. For the verifier the swept value is its minimum probability, not a cosine.
 *
 * @param name        the name used on the command line and in reports
 * @param description one line for reports
 * @param policy      the policy at a threshold
 * @param verifier    the verifier the policy needs, null for cosine decisions (and for {@link #VERIFIER} until
 *                    {@link #boundTo} gives it a loaded model)
 */
public record DecisionSetting(String name, String description, DoubleFunction<HitPolicy> policy,
                              AnswerVerifier verifier) {

    public DecisionSetting(String name, String description, DoubleFunction<HitPolicy> policy) {
        this(name, description, policy, null);
    }

    /** A bare cosine threshold: the baseline every other decision must beat. */
    public static final DecisionSetting COSINE = new DecisionSetting("cosine",
            "top-1 cosine >= t, no guards", t -> new HitPolicy(t, HitPolicy.Guards.NONE));
    /** The gateway's decision before this evaluation: cosine plus the strict numbers and negation guards. */
    public static final DecisionSetting STRICT_GUARDS = new DecisionSetting("strict-guards",
            "cosine >= t + numbers and negation guards (HitPolicy.of)", HitPolicy::of);

    /** Cosine plus guards that judge in context ({@link HitPolicy#contextual}). */
    public static final DecisionSetting CONTEXTUAL_GUARDS = new DecisionSetting("contextual-guards",
            "cosine >= t + contextual numbers and negation guards (HitPolicy.contextual)", HitPolicy::contextual);

    /**
     * The gateway's verified semantic tier at its defaults: candidates from cosine 0.6, contextual guards, the
     * verifier reads the best three and serves one at or above the swept probability.
     */
    public static final DecisionSetting VERIFIER = new DecisionSetting("verifier",
            "cosine >= " + Verification.DEFAULT_RECALL_FLOOR + " + contextual guards, then verifier p >= t on the best "
                    + Verification.DEFAULT_CANDIDATES,
            p -> HitPolicy.contextual(1).verifiedBy(new Verification(Verification.DEFAULT_RECALL_FLOOR,
                    Verification.DEFAULT_CANDIDATES, p)));

    /**
     * The verifier with cosine trusted at the top: a candidate at or above {@code serveCosine} needs only
     * {@code veto} (0: served unread), below it the verifier decides down to {@code floor}; the swept value is the
     * verifier's minimum probability.
     */
    public static DecisionSetting combined(double floor, double serveCosine, double veto) {
        return new DecisionSetting("combined", "cosine >= " + serveCosine + " serves unless p < " + veto
                + "; else cosine >= " + floor + " + contextual guards, then verifier p >= t, best "
                + Verification.DEFAULT_CANDIDATES + " first", p -> CombinedRuleSearch.policy(floor, serveCosine, veto, p));
    }

    /**
     * {@link #combined} at the floor, serve-cosine and veto {@link CombinedRuleSearch} picked on the TUNE split for
     * MiniLM: the most TUNE stream hits summed over the 1% and 2% wrong-hit limits, then the fewest TUNE pair false
     * hits, then the higher veto. Its cosines do not carry over to another embedder.
     */
    public static final DecisionSetting COMBINED = combined(0.80, 0.94, 0.2);

    public static List<DecisionSetting> all() {
        return List.of(COSINE, STRICT_GUARDS, CONTEXTUAL_GUARDS, VERIFIER, COMBINED);
    }

    /** Whether this decision runs a verifier, and so needs {@link #boundTo} before it can run. */
    public boolean verifies() {
        return at(0.5).verifies();
    }

    /** This setting with a loaded verifier. */
    public DecisionSetting boundTo(AnswerVerifier loaded) {
        return new DecisionSetting(name, description, policy, loaded);
    }

    /** What the gateway runs when its config says nothing about guards ({@code HitPolicy.of}). */
    public static DecisionSetting recommended() {
        return STRICT_GUARDS;
    }

    /** The decision a gateway config's {@code cache.guards} makes, named after the setting it matches. */
    public static DecisionSetting of(HitPolicy.Guards guards) {
        for (DecisionSetting s : all()) {
            if (!s.verifies() && s.at(0.9).guards().equals(guards)) {
                return s;
            }
        }
        return new DecisionSetting("config-guards", "cosine >= t + " + guards, t -> new HitPolicy(t, guards));
    }

    public static DecisionSetting parse(String value) {
        String wanted = value.strip().toLowerCase(Locale.ROOT);
        for (DecisionSetting s : all()) {
            if (s.name.equals(wanted)) {
                return s;
            }
        }
        throw new IllegalArgumentException("Unknown decision '" + value + "'; allowed: "
                + String.join(", ", all().stream().map(DecisionSetting::name).toList()));
    }

    public HitPolicy at(double threshold) {
        return policy.apply(threshold);
    }
}
