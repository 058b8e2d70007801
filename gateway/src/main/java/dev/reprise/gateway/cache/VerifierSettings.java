package dev.reprise.gateway.cache;

import dev.reprise.cache.SemanticCache;
import dev.reprise.cache.Verification;

import java.nio.file.Path;

/**
 * {@code cache.verifier}: whether a trained pair verifier decides semantic hits, and by what rule. The model is
 * loaded at start, so {@code enabled} and {@code model} need a restart; the rule reloads.
 *
 * @param model          an ONNX verifier written by {@code ./reprise train-verifier}, or null for the one shipped
 * @param minProbability lowest verifier probability that serves a candidate
 * @param candidates     most candidates the verifier reads per lookup
 * @param recallFloor    lowest cosine at which a stored question is a candidate
 */
public record VerifierSettings(boolean enabled, Path model, double minProbability, int candidates,
                               double recallFloor) {

    public static final boolean DEFAULT_ENABLED = false;
    /**
     * The shipped model's bar, picked on its dev split at 1% false hits (its {@code model-card.json}); held-out
     * figures at this bar are in README, "How right is the cache?".
     */
    public static final double DEFAULT_MIN_PROBABILITY = 0.95;
    public static final int DEFAULT_CANDIDATES = Verification.DEFAULT_CANDIDATES;
    public static final double DEFAULT_RECALL_FLOOR = Verification.DEFAULT_RECALL_FLOOR;

    public VerifierSettings {
        requireUnit("cache.verifier.min-probability", minProbability);
        requireUnit("cache.verifier.recall-floor", recallFloor);
        if (candidates < 1 || candidates > SemanticCache.CANDIDATES) {
            throw new IllegalArgumentException("cache.verifier.candidates must be between 1 and "
                    + SemanticCache.CANDIDATES + ", got " + candidates);
        }
    }

    public static VerifierSettings defaults() {
        return new VerifierSettings(DEFAULT_ENABLED, null, DEFAULT_MIN_PROBABILITY, DEFAULT_CANDIDATES,
                DEFAULT_RECALL_FLOOR);
    }

    /** The rule the semantic tier applies while the verifier is on. */
    public Verification rule() {
        return new Verification(recallFloor, candidates, minProbability);
    }

    /** Whether a reload from {@code old} to this changes what is fixed at start. */
    boolean loadsAnotherModelThan(VerifierSettings old) {
        return enabled != old.enabled || !java.util.Objects.equals(model, old.model);
    }

    private static void requireUnit(String key, double value) {
        if (!(value >= 0 && value <= 1)) {
            throw new IllegalArgumentException(key + " must be between 0 and 1, got " + value);
        }
    }
}
