package dev.reprise.gateway.guardrails;

import dev.reprise.gateway.config.ConfigException;
import dev.reprise.gateway.guardrails.GuardrailSettings.CacheMode;
import dev.reprise.gateway.guardrails.GuardrailSettings.InjectionAction;
import dev.reprise.gateway.guardrails.GuardrailSettings.InjectionPolicy;
import dev.reprise.gateway.guardrails.GuardrailSettings.PiiAction;
import dev.reprise.gateway.guardrails.GuardrailSettings.PiiPolicy;
import dev.reprise.gateway.guardrails.GuardrailSettings.Policy;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The YAML shape of {@code guardrails:} and of {@code models[].guardrails}: {@code {pii: {action, types,
 * scan-answers, restore, cache}, injection: {action, threshold}}}. A field left out keeps the base's value (the
 * defaults at the top level, the top level in an alias).
 */
public record GuardrailsYaml(PiiYaml pii, InjectionYaml injection) {

    /** {@code pii:}. */
    public record PiiYaml(String action, List<String> types, Boolean scanAnswers, Boolean restore, String cache) {
    }

    /** {@code injection:}. */
    public record InjectionYaml(String action, Double threshold) {
    }

    /** The top-level section's settings; null (no {@code guardrails:}) gives the defaults. */
    public static GuardrailSettings resolve(GuardrailsYaml yaml) {
        return new GuardrailSettings(yaml == null ? Policy.DEFAULT : yaml.policy("guardrails", Policy.DEFAULT),
                Map.of());
    }

    /** The policy these fields give on top of {@code base}; errors name keys under {@code path}. */
    public Policy policy(String path, Policy base) {
        return new Policy(pii(path + ".pii", base.pii()), injection(path + ".injection", base.injection()));
    }

    private PiiPolicy pii(String path, PiiPolicy base) {
        if (pii == null) {
            return base;
        }
        PiiAction action = pii.action == null ? base.action() : named(path + ".action", pii.action, PiiAction.class);
        Set<PiiType> types = base.types();
        if (pii.types != null) {
            Set<PiiType> chosen = EnumSet.noneOf(PiiType.class);
            for (int i = 0; i < pii.types.size(); i++) {
                String name = pii.types.get(i);
                PiiType t = name == null ? null : PiiType.fromConfig(name);
                if (t == null) {
                    throw ConfigException.at(path + ".types[" + i + "]", "'" + name + "' is not one of "
                            + Arrays.stream(PiiType.values()).map(PiiType::configName).collect(Collectors.joining(", ")));
                }
                chosen.add(t);
            }
            types = chosen;
        }
        return new PiiPolicy(action, types,
                pii.scanAnswers == null ? base.scanAnswers() : pii.scanAnswers,
                pii.restore == null ? base.restore() : pii.restore,
                pii.cache == null ? base.cache() : named(path + ".cache", pii.cache, CacheMode.class));
    }

    private InjectionPolicy injection(String path, InjectionPolicy base) {
        if (injection == null) {
            return base;
        }
        double threshold = injection.threshold == null ? base.threshold() : injection.threshold;
        if (!(threshold > 0 && threshold <= 1)) {
            throw ConfigException.at(path + ".threshold", "must be a number in (0, 1], got " + threshold);
        }
        return new InjectionPolicy(injection.action == null ? base.action()
                : named(path + ".action", injection.action, InjectionAction.class), threshold);
    }

    private static <E extends Enum<E>> E named(String key, String value, Class<E> type) {
        String wanted = value.strip().toUpperCase(Locale.ROOT);
        // YAML 1.1 reads a bare off as the boolean false, which reaches us as "false".
        if (wanted.equals("FALSE")) {
            wanted = "OFF";
        }
        for (E e : type.getEnumConstants()) {
            if (e.name().equals(wanted)) {
                return e;
            }
        }
        throw ConfigException.at(key, "'" + value + "' is not one of " + Arrays.stream(type.getEnumConstants())
                .map(e -> e.name().toLowerCase(Locale.ROOT)).collect(Collectors.joining(", ")));
    }
}
