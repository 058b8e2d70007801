package dev.reprise.gateway.guardrails.injection;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.reprise.gateway.guardrails.PromptCheck;
import dev.reprise.models.wire.ChatCompletionRequest;
import dev.reprise.models.wire.ChatMessage;
import dev.reprise.models.wire.Role;

import java.util.List;
import java.util.function.Function;

/**
 * The injection detector as the guardrail stage's {@link PromptCheck}: it scores the request's last user message,
 * the text a support bot's user writes; system prompts, earlier turns and tool results are not scored.
 *
 * <p>The screen's findings are kept by message text: the screen is a function of the text alone (phrase patterns and
 * decoders, no model, no settings), and it was a quarter of an exact cache hit's CPU, spent again on every repeat of
 * a question the gateway had already read. Only messages up to {@link #SCREEN_MEMO_MAX_CHARS} are kept, within
 * {@link #SCREEN_MEMO_BYTES}.
 */
public final class InjectionPromptCheck implements PromptCheck {

    /** Longer messages are screened each time: they are rarely repeated word for word, and would crowd the memo. */
    static final int SCREEN_MEMO_MAX_CHARS = 2_048;
    /** About 4,000 messages of 500 characters. */
    static final long SCREEN_MEMO_BYTES = 4L << 20;

    private final InjectionDetector detector;
    private final Function<String, InjectionVerdict> screen;
    private final Cache<String, Finding> screened = Caffeine.newBuilder()
            .maximumWeight(SCREEN_MEMO_BYTES)
            .weigher((String text, Finding finding) -> 64 + 2 * text.length())
            .executor(Runnable::run) // upkeep on the caller, not on the common pool
            .build();

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
        if (text.length() > SCREEN_MEMO_MAX_CHARS) {
            return finding(screen.apply(text));
        }
        Finding known = screened.getIfPresent(text);
        if (known == null) {
            // Outside the memo's locks: two requests with the same new text may both screen it, which is harmless.
            known = finding(screen.apply(text));
            screened.put(text, known);
        }
        return known;
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
