package dev.reprise.gateway.guardrails;

import java.util.Locale;

/** A kind of sensitive data the PII guardrail finds; its config name and the label of its placeholders. */
public enum PiiType {
    EMAIL("email", "EMAIL"),
    PHONE("phone", "PHONE"),
    CARD("card", "CARD"),
    IBAN("iban", "IBAN"),
    SSN("ssn", "SSN"),
    /** Spain's DNI and NIE, the UK's National Insurance number. */
    NATIONAL_ID("national-id", "NATIONAL_ID"),
    IP("ip", "IP"),
    SECRET("secret", "SECRET");

    private final String configName;
    private final String label;

    PiiType(String configName, String label) {
        this.configName = configName;
        this.label = label;
    }

    /** As written in {@code guardrails.pii.types}, in errors and in metrics. */
    public String configName() {
        return configName;
    }

    /** The placeholder's stem: {@code [CARD_1]}. */
    public String label() {
        return label;
    }

    /** The type named {@code name} in config (case-insensitive), or null. */
    public static PiiType fromConfig(String name) {
        String n = name.strip().toLowerCase(Locale.ROOT);
        for (PiiType t : values()) {
            if (t.configName.equals(n)) {
                return t;
            }
        }
        return null;
    }
}
