package dev.reprise.models.provider;

import dev.reprise.models.catalogue.Deployment;

/** Builds the provider for a deployment. The one place that knows which class speaks which protocol. */
public final class ProviderFactory {

    private ProviderFactory() {
    }

    /**
     * @throws IllegalArgumentException when the deployment cannot work, e.g. an Anthropic or Gemini
     *                                  deployment without a key
     */
    public static Provider create(Deployment deployment) {
        return switch (deployment.provider()) {
            case MOCK -> new MockProvider(deployment);
            case OPENAI -> new OpenAiProvider(deployment);
            case ANTHROPIC -> new AnthropicProvider(deployment);
            case GEMINI -> new GeminiProvider(deployment);
            case OLLAMA -> new OllamaProvider(deployment);
        };
    }
}
