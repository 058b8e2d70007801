package dev.reprise.gateway.guardrails;

import dev.reprise.models.wire.ChatCompletionRequest;

/**
 * A check of a request's prompt that scores how likely it is an attack (the prompt-injection detector plugs in
 * here). {@link GuardrailStage} compares the score with the alias's {@code guardrails.injection.threshold} and
 * applies its action; the check itself only scores. Must be thread-safe.
 */
public interface PromptCheck {

    /** A score in [0, 1]: 0 is surely benign, 1 surely an attack. */
    double score(ChatCompletionRequest request);
}
