package dev.reprise.bench.eval;

import dev.reprise.cache.HitPolicy;

import java.util.List;
import java.util.Locale;
import java.util.function.DoubleFunction;

/**
 * A named way of turning a threshold into the gateway's {@link HitPolicy}, so that decisions can be compared at
 * every threshold of a sweep.
 *
 * @param name        the name used on the command line and in reports
 * @param description one line for reports
 * @param policy      the policy at a threshold
 */
public record DecisionSetting(String name, String description, DoubleFunction<HitPolicy> policy) {

    /** A bare cosine threshold: the baseline every other decision must beat. */
    public static final DecisionSetting COSINE = new DecisionSetting("cosine",
            "top-1 cosine >= t, no guards", t -> new HitPolicy(t, HitPolicy.Guards.NONE));
    /** The gateway's decision before this evaluation: cosine plus the strict numbers and negation guards. */
    public static final DecisionSetting STRICT_GUARDS = new DecisionSetting("strict-guards",
            "cosine >= t + numbers and negation guards (HitPolicy.of)", HitPolicy::of);

    /** Cosine plus guards that judge in context ({@link HitPolicy#contextual}). */
    public static final DecisionSetting CONTEXTUAL_GUARDS = new DecisionSetting("contextual-guards",
            "cosine >= t + contextual numbers and negation guards (HitPolicy.contextual)", HitPolicy::contextual);

    public static List<DecisionSetting> all() {
        return List.of(COSINE, STRICT_GUARDS, CONTEXTUAL_GUARDS);
    }

    /** What the gateway runs when its config says nothing about guards ({@code HitPolicy.of}). */
    public static DecisionSetting recommended() {
        return STRICT_GUARDS;
    }

    /** The decision a gateway config's {@code cache.guards} makes, named after the setting it matches. */
    public static DecisionSetting of(HitPolicy.Guards guards) {
        for (DecisionSetting s : all()) {
            if (s.at(0.9).guards().equals(guards)) {
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
