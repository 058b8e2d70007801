package dev.reprise.gateway.guardrails.injection;

import dev.reprise.gateway.guardrails.PromptCheck;
import dev.reprise.models.wire.ChatCompletionRequest;
import dev.reprise.models.wire.ChatMessage;
import dev.reprise.models.wire.Role;

import java.util.List;
import java.util.function.Function;

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
    public Finding screen(ChatCompletionRequest request) {
        return score(request, detector::screen);
    }

    @Override
    public Finding inspect(ChatCompletionRequest request) {
        return score(request, detector::inspect);
    }

    private static Finding score(ChatCompletionRequest request, Function<String, InjectionVerdict> read) {
        List<ChatMessage> messages = request.messages() == null ? List.of() : request.messages();
        for (int i = messages.size() - 1; i >= 0; i--) {
            if (messages.get(i).role() == Role.USER) {
                String text = messages.get(i).text();
                if (text.isBlank()) {
                    return Finding.NONE;
                }
                InjectionVerdict verdict = read.apply(text);
                return new Finding(verdict.score(), verdict.category().label());
            }
        }
        return Finding.NONE;
    }
}
