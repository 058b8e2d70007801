package dev.reprise.models.wire;

import com.fasterxml.jackson.annotation.JsonValue;

/**
 * A chat message's author. {@code developer} is OpenAI's newer name for a system message. Read and written
 * by its {@link #wire()} name; an unknown name fails as Jackson's invalid-format error, which carries the value.
 */
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

    /** True for the roles that carry instructions rather than conversation. */
    public boolean isInstruction() {
        return this == SYSTEM || this == DEVELOPER;
    }
}
