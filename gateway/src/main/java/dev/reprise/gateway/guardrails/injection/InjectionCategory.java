package dev.reprise.gateway.guardrails.injection;

import java.util.Locale;

/** The kinds of prompt injection the detector scores separately; {@link #label()} is the name used in files and reports. */
public enum InjectionCategory {
    /** "Ignore the previous instructions", "new instructions:", fake system turns. */
    OVERRIDE,
    /** Jailbreak personas: DAN, developer mode, "pretend you have no restrictions". */
    ROLEPLAY,
    /** Attempts to read the system prompt or the hidden instructions. */
    EXTRACT,
    /** An attack hidden in base64, hex, ROT13 or Unicode tag characters. */
    ENCODED;

    /** The lower-case name, as in the exemplar file and the evaluation set. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The category named {@code label}, case-insensitive. */
    public static InjectionCategory of(String label) {
        return valueOf(label.trim().toUpperCase(Locale.ROOT));
    }
}
