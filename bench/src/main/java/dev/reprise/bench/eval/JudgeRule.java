package dev.reprise.bench.eval;

import java.util.Locale;

/**
 * How judged verdicts change later decisions in a grey band below the serving threshold: by each group's own
 * judged boundary, by one bar per namespace calibrated on every judged label, or by either.
 */
public enum JudgeRule {
    /** Serve a grey-band candidate whose group has a judged yes at or below its similarity and no judged no at or above. */
    GROUP,
    /** Serve a grey-band candidate at or above the namespace bar calibrated from all judged labels. */
    NAMESPACE,
    /** Serve when either of the two would. */
    BOTH;

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    public boolean usesGroups() {
        return this != NAMESPACE;
    }

    public boolean usesNamespace() {
        return this != GROUP;
    }

    public static JudgeRule parse(String value) {
        for (JudgeRule r : values()) {
            if (r.id().equals(value.strip().toLowerCase(Locale.ROOT))) {
                return r;
            }
        }
        throw new IllegalArgumentException("Unknown judge rule '" + value + "'; allowed: group, namespace, both");
    }
}
