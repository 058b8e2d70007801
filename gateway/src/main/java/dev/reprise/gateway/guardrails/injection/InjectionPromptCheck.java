package dev.reprise.gateway.guardrails.injection;

import dev.reprise.gateway.guardrails.PromptCheck;
import dev.reprise.gateway.guardrails.ScanMemo;
import dev.reprise.models.wire.ChatCompletionRequest;
import dev.reprise.models.wire.ChatMessage;
import dev.reprise.models.wire.Role;

import java.util.List;
import java.util.function.Function;

/**
 * The injection detector as the guardrail stage's {@link PromptCheck}: it scores the request's last user message,
 * the text a support bot's user writes; system prompts, earlier turns and tool results are not scored.
 *
 * <p>The screen's findings are kept in a {@link ScanMemo}: the screen is a function of the text alone (phrase patterns
 * and decoders, no model, no settings), and it was a quarter of an exact cache hit's CPU, spent again on every repeat
 * of a question the gateway had already read.
 */
public final class InjectionPromptCheck implements PromptCheck {

    private final InjectionDetector detector;
    private final Function<String, InjectionVerdict> screen;
    private final ScanMemo<Finding> screened = new ScanMemo<>(ScanMemo.DEFAULT_ENTRIES, ScanMemo.DEFAULT_MAX_CHARS);

    public InjectionPromptCheck(InjectionDetector detector) {
        this(detector, detector::screen);
    }

    /** A check whose screen is {@code screen} (tests count its calls). */
    InjectionPromptCheck(InjectionDetector detector, Function<String, InjectionVerdict> screen) {
        this.detector = detector;
        this.screen = screen;
    }

    @Override
    public Finding screen(ChatCompletionRequest request) {
        return score(request, this::screenText);
    }

    private Finding screenText(String text) {
        return screened.get("screen", text, t -> finding(screen.apply(t)));
    }

    @Override
    public Finding inspect(ChatCompletionRequest request) {
        return score(request, text -> finding(detector.inspect(text)));
    }

    private static Finding score(ChatCompletionRequest request, Function<String, Finding> read) {
        List<ChatMessage> messages = request.messages() == null ? List.of() : request.messages();
        for (int i = messages.size() - 1; i >= 0; i--) {
            if (messages.get(i).role() == Role.USER) {
                String text = messages.get(i).text();
                return text.isBlank() ? Finding.NONE : read.apply(text);
            }
        }
        return Finding.NONE;
    }

    private static Finding finding(InjectionVerdict verdict) {
        return new Finding(verdict.score(), verdict.category().label());
    }
}
