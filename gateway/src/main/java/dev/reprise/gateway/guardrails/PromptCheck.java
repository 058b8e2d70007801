package dev.reprise.gateway.guardrails;

import dev.reprise.models.wire.ChatCompletionRequest;

/**
 * A check of a request's prompt that scores how likely it is an attack (the prompt-injection detector plugs in
 * here), in two parts: a cheap {@link #screen} that runs no model, before the cache, and the whole
 * {@link #inspect}, which may embed the prompt and runs only when the exact cache tier cannot answer.
 * {@link GuardrailStage} compares the score with the alias's {@code guardrails.injection.threshold} and applies its
 * action; the check itself only scores. Must be thread-safe.
 */
public interface PromptCheck {

    /** The cheap part: no model run. Its score is never above {@link #inspect}'s for the same request. */
    Finding screen(ChatCompletionRequest request);

    /** The whole check, which may run the embedding model. */
    Finding inspect(ChatCompletionRequest request);

    /**
     * @param score    in [0, 1]: 0 is surely benign, 1 surely an attack
     * @param category the attack's kind as records name it ({@code override}, ...), or null
     */
    record Finding(double score, String category) {

        public static final Finding NONE = new Finding(0, null);
    }
}
