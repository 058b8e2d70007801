package dev.reprise.gateway.pipeline;

import java.util.Objects;

/**
 * What produced a request's answer: a provider's config name (or {@code cache} for a cache hit) and the
 * model it named. The answer's {@code x-reprise-provider} / {@code x-reprise-model} headers and the
 * request's metrics both read this one value, so they cannot disagree.
 */
public record ServedBy(String provider, String model) {

    public static final String PROVIDER_HEADER = "x-reprise-provider";
    public static final String MODEL_HEADER = "x-reprise-model";

    public ServedBy {
        Objects.requireNonNull(provider, "provider");
    }
}
