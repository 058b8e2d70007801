package dev.reprise.gateway.guardrails;

import dev.reprise.gateway.guardrails.injection.InjectionDetector;

import java.util.EnumSet;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * {@code guardrails}: what the gateway does about sensitive data and prompt injection in requests, for every alias
 * ({@code top}) and for the aliases whose {@code models[].guardrails} override it. Read at start.
 *
 * @param top      the top-level policy
 * @param aliases  each overriding alias's whole policy (the top level with the alias's fields on top)
 */
public record GuardrailSettings(Policy top, Map<String, Policy> aliases) {

    public GuardrailSettings {
        Objects.requireNonNull(top, "top");
        aliases = Map.copyOf(aliases);
    }

    public static GuardrailSettings defaults() {
        return new GuardrailSettings(Policy.DEFAULT, Map.of());
    }

    /** These settings with {@code overrides} as the aliases' policies. */
    public GuardrailSettings withAliases(Map<String, Policy> overrides) {
        return new GuardrailSettings(top, overrides);
    }

    /** Whether any alias's injection guardrail is on (the detector is loaded only then). */
    public boolean injectionOn() {
        return top.injection().action() != InjectionAction.OFF
                || aliases.values().stream().anyMatch(p -> p.injection().action() != InjectionAction.OFF);
    }

    /** The policy of {@code alias}: its override, else the top level. */
    public Policy policyFor(String alias) {
        return alias == null ? top : aliases.getOrDefault(alias, top);
    }

    /** Both guardrails' settings for one alias. */
    public record Policy(PiiPolicy pii, InjectionPolicy injection) {

        public static final Policy DEFAULT = new Policy(PiiPolicy.DEFAULT, InjectionPolicy.DEFAULT);

        public Policy {
            Objects.requireNonNull(pii, "pii");
            Objects.requireNonNull(injection, "injection");
        }
    }

    /** What the PII guardrail does with a finding. */
    public enum PiiAction { REDACT, BLOCK, LOG, OFF }

    /** Whether a request in which PII was found may be cached: not at all, or on its redacted form. */
    public enum CacheMode { SKIP, REDACTED }

    /** What the injection guardrail does with a prompt that scores at or above the threshold. */
    public enum InjectionAction { BLOCK, FLAG, OFF }

    /**
     * @param action      what a finding does
     * @param types       the kinds looked for
     * @param scanAnswers whether answers (plain or streamed) are redacted too, before they are cached, recorded and sent
     * @param restore     whether a redacted request's placeholders are put back into its answer (plain or streamed)
     * @param cache       whether a request with a finding is cached: {@code skip} (never) or {@code redacted}
     */
    public record PiiPolicy(PiiAction action, Set<PiiType> types, boolean scanAnswers, boolean restore,
                            CacheMode cache) {

        public static final PiiAction DEFAULT_ACTION = PiiAction.LOG;
        public static final Set<PiiType> DEFAULT_TYPES = Set.copyOf(EnumSet.allOf(PiiType.class));
        public static final boolean DEFAULT_SCAN_ANSWERS = false;
        public static final boolean DEFAULT_RESTORE = false;
        public static final CacheMode DEFAULT_CACHE = CacheMode.SKIP;
        public static final PiiPolicy DEFAULT = new PiiPolicy(DEFAULT_ACTION, DEFAULT_TYPES, DEFAULT_SCAN_ANSWERS,
                DEFAULT_RESTORE, DEFAULT_CACHE);

        public PiiPolicy {
            Objects.requireNonNull(action, "action");
            Objects.requireNonNull(cache, "cache");
            types = Set.copyOf(types);
        }

        public boolean on() {
            return action != PiiAction.OFF && !types.isEmpty();
        }
    }

    /**
     * @param action    what a prompt at or above the threshold does
     * @param threshold the detector's score, in (0, 1], from which a prompt counts as an injection
     */
    public record InjectionPolicy(InjectionAction action, double threshold) {

        public static final InjectionAction DEFAULT_ACTION = InjectionAction.FLAG;
        /** The injection detector's best F1 on its tuning split (the README's held-out table is at this bar). */
        public static final double DEFAULT_THRESHOLD = InjectionDetector.DEFAULT_THRESHOLD;
        public static final InjectionPolicy DEFAULT = new InjectionPolicy(DEFAULT_ACTION, DEFAULT_THRESHOLD);

        public InjectionPolicy {
            Objects.requireNonNull(action, "action");
            if (!(threshold > 0 && threshold <= 1)) {
                throw new IllegalArgumentException("guardrails.injection.threshold must be in (0, 1], got " + threshold);
            }
        }
    }
}
