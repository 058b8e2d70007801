package dev.reprise.models.catalogue;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** The upstream protocols Reprise speaks. {@code openai} covers every OpenAI-compatible server. */
public enum ProviderKind {
    OPENAI, ANTHROPIC, GEMINI, OLLAMA, MOCK;

    /** The name used in config and in the {@code x-reprise-provider} header. */
    public String configName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses a config value, naming the allowed values when it is not one of them. */
    public static ProviderKind fromConfig(String value) {
        for (ProviderKind k : values()) {
            if (k.configName().equals(value)) {
                return k;
            }
        }
        throw new IllegalArgumentException("unknown provider '" + value + "'; expected one of "
                + Arrays.stream(values()).map(ProviderKind::configName).collect(Collectors.joining(", ")));
    }
}
