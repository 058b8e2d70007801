package dev.reprise.models.provider;

import dev.reprise.models.catalogue.Deployment;

/** Builds the provider for a deployment. The one place that knows which class speaks which protocol. */
public final class ProviderFactory {

    private ProviderFactory() {
    }

    public static Provider create(Deployment deployment) {
        return switch (deployment.provider()) {
            case MOCK -> new MockProvider(deployment);
            case OPENAI, ANTHROPIC, GEMINI, OLLAMA -> throw new UnsupportedOperationException(
                    "provider " + deployment.provider().configName() + " is not built yet");
        };
    }
}
