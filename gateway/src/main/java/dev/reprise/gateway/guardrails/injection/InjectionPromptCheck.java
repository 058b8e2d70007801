package dev.reprise.gateway.guardrails.injection;

import dev.reprise.gateway.guardrails.PromptCheck;
import dev.reprise.models.wire.ChatCompletionRequest;
import dev.reprise.models.wire.ChatMessage;
import dev.reprise.models.wire.Role;

import java.util.List;

/**
 * The injection detector as the guardrail stage's {@link PromptCheck}: it scores the request's last user message,
 * the text a support bot's user writes; system prompts, earlier turns and tool results are not scored.
 */
public final class InjectionPromptCheck implements PromptCheck {

    private final InjectionDetector detector;

    public InjectionPromptCheck(InjectionDetector detector) {
        this.detector = detector;
    }

    @Override
    public double score(ChatCompletionRequest request) {
        List<ChatMessage> messages = request.messages() == null ? List.of() : request.messages();
        for (int i = messages.size() - 1; i >= 0; i--) {
            if (messages.get(i).role() == Role.USER) {
                return detector.inspect(messages.get(i).text()).score();
            }
        }
        return 0;
    }
}
