package dev.reprise.models.wire;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** A chat message's author. {@code developer} is OpenAI's newer name for a system message. */
public enum Role {
    SYSTEM("system"), DEVELOPER("developer"), USER("user"), ASSISTANT("assistant"), TOOL("tool");

    private final String wire;

    Role(String wire) {
        this.wire = wire;
    }

    @JsonValue
    public String wire() {
        return wire;
    }

    @JsonCreator
    public static Role fromWire(String value) {
        for (Role r : values()) {
            if (r.wire.equals(value)) {
                return r;
            }
        }
        throw new IllegalArgumentException("unknown role '" + value + "'; expected system, developer, user, assistant or tool");
    }

    /** True for the roles that carry instructions rather than conversation. */
    public boolean isInstruction() {
        return this == SYSTEM || this == DEVELOPER;
    }
}
