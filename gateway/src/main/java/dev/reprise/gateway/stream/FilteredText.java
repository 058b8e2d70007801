package dev.reprise.gateway.stream;

import dev.reprise.models.provider.ProviderException;
import dev.reprise.models.provider.StreamDelta;
import dev.reprise.models.provider.StreamListener;
import dev.reprise.models.wire.ChatCompletionResponse;
import dev.reprise.models.wire.ChatMessage;
import dev.reprise.models.wire.MessageContent;

import java.util.ArrayList;
import java.util.List;

/**
 * Passes a stream's events on with their text through a {@link TextFilter}: text deltas are rewritten (an empty
 * result sends nothing), tool-call fragments pass untouched, what the filter still holds goes out as one last delta
 * before the end, and the assembled answer carries the rewritten text, so what settles is what was sent. A failed
 * stream drops what was held: it was never checked whole.
 */
final class FilteredText implements StreamListener {

    private final TextFilter filter;
    private final StreamListener next;
    private final StringBuilder sent = new StringBuilder();
    private boolean sawText;

    FilteredText(TextFilter filter, StreamListener next) {
        this.filter = filter;
        this.next = next;
    }

    @Override
    public void onDelta(StreamDelta delta) {
        if (delta.toolCall() != null || delta.content() == null || delta.content().isEmpty()) {
            next.onDelta(delta);
            return;
        }
        sawText = true;
        send(filter.next(delta.content()));
    }

    @Override
    public void onComplete(ChatCompletionResponse response) {
        ChatCompletionResponse.Choice first = response == null ? null : response.firstChoice();
        boolean hasMessage = first != null && first.message() != null;
        // A provider that gave the whole answer only at the end: filtered as one piece, which the end sends.
        boolean whole = !sawText && hasMessage && !first.message().text().isEmpty();
        if (whole) {
            sent.append(filter.next(first.message().text())).append(filter.flush());
        } else {
            send(filter.flush());
        }
        next.onComplete((sawText || whole) && hasMessage ? withText(response, sent.toString()) : response);
    }

    @Override
    public void onError(ProviderException error) {
        next.onError(error);
    }

    private void send(String text) {
        if (!text.isEmpty()) {
            sent.append(text);
            next.onDelta(StreamDelta.text(text));
        }
    }

    /** {@code response} with the first choice's text replaced (a stream carries one choice). */
    private static ChatCompletionResponse withText(ChatCompletionResponse response, String text) {
        List<ChatCompletionResponse.Choice> choices = new ArrayList<>(response.choices());
        ChatCompletionResponse.Choice c = choices.getFirst();
        ChatMessage m = c.message();
        choices.set(0, new ChatCompletionResponse.Choice(c.index(), new ChatMessage(m.role(), MessageContent.of(text),
                m.name(), m.toolCalls(), m.toolCallId(), m.refusal()), c.finishReason()));
        return new ChatCompletionResponse(response.id(), response.object(), response.created(), response.model(),
                choices, response.usage(), response.systemFingerprint());
    }
}
